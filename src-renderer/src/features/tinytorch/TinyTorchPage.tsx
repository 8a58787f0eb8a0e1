import { NotAvailable, PageHeader } from '../../ui/components'

export function TinyTorchPage() {
  return (
    <div className="page">
      <PageHeader title="TinyTorch" />
      <NotAvailable feature="The TinyTorch workspace" detail="Coding framework modules in the editor with autograding arrives in a later release." />
    </div>
  )
}
