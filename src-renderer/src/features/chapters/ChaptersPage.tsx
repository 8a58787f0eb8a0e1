import { NotAvailable, PageHeader } from '../../ui/components'

export function ChaptersPage() {
  return (
    <div className="page">
      <PageHeader title="Chapters" />
      <NotAvailable
        feature="Chapters"
        detail="Study notes for both volumes of the textbook, with rendered math and code, search, bookmarks and notes, arrive in a later release."
      />
    </div>
  )
}
