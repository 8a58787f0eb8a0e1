import { NotAvailable, PageHeader } from '../../ui/components'

export function ReviewPage() {
  return (
    <div className="page">
      <PageHeader title="Review" />
      <NotAvailable
        feature="Review"
        detail="One spaced-repetition deck for chapter quizzes, your highlights and drills arrives with the chapters."
      />
    </div>
  )
}
