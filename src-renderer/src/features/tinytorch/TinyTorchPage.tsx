import { useRouter } from '../../app/routerStore'
import { Milestones } from './Milestones'
import { ModuleList } from './ModuleList'
import { Workspace } from './Workspace'
import './tinytorch.css'

export function TinyTorchPage() {
  const subject = useRouter((s) => s.subject)
  if (subject === 'milestones') return <Milestones />
  if (subject) return <Workspace moduleId={subject} />
  return <ModuleList />
}
