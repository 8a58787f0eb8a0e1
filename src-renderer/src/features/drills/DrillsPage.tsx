import { useEffect } from 'react'
import { useRouter } from '../../app/routerStore'
import { ErrorNote, PageHeader } from '../../ui/components'
import { Tabs } from '../../ui/Tabs'
import { Daily } from './Daily'
import { useDrills } from './drillsStore'
import { MockInterview } from './MockInterview'
import { Practice } from './Practice'
import { ProgressView } from './ProgressView'
import { Vault } from './Vault'
import './drills.css'

const TABS = [
  { id: 'practice', title: 'Practice' },
  { id: 'daily', title: 'Daily' },
  { id: 'mock', title: 'Mock interview' },
  { id: 'vault', title: 'Vault' },
  { id: 'progress', title: 'Progress' }
] as const
type TabId = (typeof TABS)[number]['id']

export function DrillsPage() {
  const subject = useRouter((s) => s.subject)
  const navigate = useRouter((s) => s.navigate)
  const error = useDrills((s) => s.error)
  const clearError = useDrills((s) => s.clearError)
  const tab: TabId = TABS.find((t) => t.id === subject)?.id ?? 'practice'
  useEffect(() => clearError(), [tab])
  return (
    <div className="page drills-page">
      <PageHeader
        title="Drills"
        lead="Interview questions whose numbers the simulator computes, graded with units. Practice, a daily set, timed mock interviews."
      />
      <Tabs
        tabs={TABS}
        current={tab}
        open={(id) => navigate('drills', id)}
        prefix="drills"
        label="Drill modes"
        panelId={() => 'drills-panel'}
        look="underline"
      />
      {error ? <ErrorNote message={error} /> : null}
      <div role="tabpanel" id="drills-panel" aria-labelledby={`drills-tab-${tab}`}>
        {tab === 'practice' ? <Practice /> : null}
        {tab === 'daily' ? <Daily /> : null}
        {tab === 'mock' ? <MockInterview /> : null}
        {tab === 'vault' ? <Vault /> : null}
        {tab === 'progress' ? <ProgressView /> : null}
      </div>
    </div>
  )
}
