import { NotAvailable, PageHeader } from '../../ui/components'

export function DevicesPage() {
  return (
    <div className="page">
      <PageHeader title="Devices" />
      <NotAvailable
        feature="Devices"
        detail="Deploying models to Arduino, Seeed XIAO and Raspberry Pi class boards over a serial port arrives in a later release."
      />
    </div>
  )
}
