import { NotAvailable, PageHeader } from '../../ui/components'

export function SimulatorPage() {
  return (
    <div className="page">
      <PageHeader title="Simulator" />
      <NotAvailable feature="The simulator dashboards" detail="Interactive roofline, memory, serving, parallelism and cost dashboards arrive in a later release." />
    </div>
  )
}
