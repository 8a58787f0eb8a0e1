export { createWorkspace, workspaceDir, type Workspace } from './workspace'
