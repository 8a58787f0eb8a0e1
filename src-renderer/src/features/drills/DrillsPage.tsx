import { type KeyboardEvent, useEffect, useRef } from 'react'
import { useRouter } from '../../app/routerStore'
import { ErrorNote, PageHeader } from '../../ui/components'
import { listKeyTarget } from '../../ui/listKeys'
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
  const list = useRef<HTMLDivElement>(null)
  useEffect(() => clearError(), [tab])
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab)
    const next = listKeyTarget(e.key, i, TABS.length, 'horizontal')
    if (next < 0) return
    e.preventDefault()
    navigate('drills', TABS[next]!.id)
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`#drills-tab-${TABS[next]!.id}`)?.focus())
  }
  return (
    <div className="page drills-page">
      <PageHeader
        title="Drills"
        lead="Interview questions whose numbers the simulator computes, graded with units. Practice, a daily set, timed mock interviews."
      />
      <div className="drills-tabs" role="tablist" aria-label="Drill modes" ref={list} onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`drills-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === tab}
            aria-controls="drills-panel"
            tabIndex={t.id === tab ? 0 : -1}
            className={`drills-tab ${t.id === tab ? 'active' : ''}`}
            onClick={() => navigate('drills', t.id)}
            data-testid={`drills-tab-${t.id}`}
          >
            {t.title}
          </button>
        ))}
      </div>
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
