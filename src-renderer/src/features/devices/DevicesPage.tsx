import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useRouter } from '../../app/routerStore'
import { ErrorNote, PageHeader } from '../../ui/components'
import { listKeyTarget } from '../../ui/listKeys'
import { ConnectionBar } from './ConnectionBar'
import { DeployPanel } from './DeployPanel'
import { startDevicesFeed, useDevices } from './devicesStore'
import { HistoryPanel } from './HistoryPanel'
import { MonitorPanel } from './MonitorPanel'
import { PlotterPanel } from './PlotterPanel'
import { PortsPanel } from './PortsPanel'
import './devices.css'

const TABS = [
  { id: 'monitor', title: 'Monitor' },
  { id: 'plotter', title: 'Plotter & capture' },
  { id: 'deploy', title: 'Train & deploy' },
  { id: 'history', title: 'History' }
] as const
type TabId = (typeof TABS)[number]['id']

export function DevicesPage() {
  const subject = useRouter((s) => s.subject)
  const load = useDevices((s) => s.load)
  const loadError = useDevices((s) => s.loadError)
  useEffect(() => {
    startDevicesFeed()
    void load()
  }, [load])
  const tab: TabId = TABS.find((t) => t.id === subject)?.id ?? 'monitor'

  return (
    <div className="page devices-page">
      <PageHeader
        title="Devices"
        lead="Plug a board in (or start a virtual one), watch and plot what it prints, capture labelled data, train and quantise a model, deploy it and measure it on the board."
      />
      {loadError ? <ErrorNote message={loadError} onRetry={() => void load()} /> : null}
      <div className="devices-layout">
        <PortsPanel />
        <div className="devices-main">
          <ConnectionBar />
          <Tabs current={tab} />
          <div role="tabpanel" id={`devices-panel-${tab}`} aria-labelledby={`devices-tab-${tab}`} className="devices-panel">
            {tab === 'monitor' ? (
              <MonitorPanel />
            ) : tab === 'plotter' ? (
              <PlotterPanel />
            ) : tab === 'deploy' ? (
              <DeployPanel />
            ) : (
              <HistoryPanel />
            )}
          </div>
        </div>
      </div>
    </div>
  )
}

function Tabs({ current }: { current: TabId }) {
  const navigate = useRouter((s) => s.navigate)
  const list = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = listKeyTarget(
      e.key,
      TABS.findIndex((t) => t.id === current),
      TABS.length,
      'horizontal'
    )
    if (next < 0) return
    e.preventDefault()
    navigate('devices', TABS[next]!.id)
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`#devices-tab-${TABS[next]!.id}`)?.focus())
  }
  return (
    <div className="devices-tabs" role="tablist" aria-label="Device tools" ref={list} onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t.id}
          id={`devices-tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === current}
          aria-controls={`devices-panel-${t.id}`}
          tabIndex={t.id === current ? 0 : -1}
          className={`devices-tab ${t.id === current ? 'active' : ''}`}
          onClick={() => navigate('devices', t.id)}
          data-testid={`devices-tab-${t.id}`}
        >
          {t.title}
        </button>
      ))}
    </div>
  )
}
