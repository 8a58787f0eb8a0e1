import { useEffect } from 'react'
import { useRouter } from '../../app/routerStore'
import { ErrorNote, PageHeader } from '../../ui/components'
import { Tabs } from '../../ui/Tabs'
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
  const navigate = useRouter((s) => s.navigate)
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
          <Tabs
            tabs={TABS}
            current={tab}
            open={(id) => navigate('devices', id)}
            prefix="devices"
            label="Device tools"
            panelId={(id) => `devices-panel-${id}`}
            look="pill"
          />
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
