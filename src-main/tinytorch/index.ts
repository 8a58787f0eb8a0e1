export { createWorkspace, workspaceDir, type Workspace } from './workspace'
export { generatedStarters, hasMarkers, referenceOf, SingleSourceError, starterOf } from './singleSource'
