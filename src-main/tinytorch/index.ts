export { createWorkspace, workspaceDir, type Workspace } from './workspace'
export { generatedStarters, hasMarkers, referenceOf, SingleSourceError, starterOf } from './singleSource'
export {
  AttemptCancelled,
  type AttemptDeps,
  attemptCode,
  gradeAttempt,
  HintError,
  REFERENCE_AFTER_SUBMISSIONS,
  referenceAccess,
  showHint,
  unpassedPrerequisites
} from './attempts'
