import { NotAvailable, PageHeader } from '../../ui/components'

export function DrillsPage() {
  return (
    <div className="page">
      <PageHeader title="Drills" />
      <NotAvailable
        feature="Drills"
        detail="Interview drills with numeric answers checked and scheduled by spaced repetition arrive in a later release."
      />
    </div>
  )
}
