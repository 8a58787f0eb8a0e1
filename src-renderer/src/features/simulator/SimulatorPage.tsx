import { lazy, Suspense, useEffect } from 'react'
import { useRouter } from '../../app/routerStore'
import { ErrorNote, Loading, PageHeader } from '../../ui/components'
import { DASHBOARDS } from '../../../../src-preload/contract'
import { useSim } from './simStore'
import './simulator.css'
import { Tabs } from '../../ui/Tabs'

const DashboardView = lazy(() => import('./dashboards/View'))

export function SimulatorPage() {
  const subject = useRouter((s) => s.subject)
  const navigate = useRouter((s) => s.navigate)
  const catalog = useSim((s) => s.catalog)
  const catalogError = useSim((s) => s.catalogError)
  const loadCatalog = useSim((s) => s.loadCatalog)
  useEffect(() => {
    void loadCatalog()
  }, [loadCatalog])

  // A link's parameters (a drill's, a live number's) arrive as the route's query; the dashboard applies them typed.
  const dashboard = subject
  const current = DASHBOARDS.find((d) => d.id === dashboard) ?? null

  return (
    <div className="page sim-page">
      <PageHeader
        title="Simulator"
        lead={
          current ? current.blurb : 'Ten dashboards over the analytical simulator. Move a parameter, predict the number, see what breaks.'
        }
        actions={
          current ? (
            <button type="button" className="button" onClick={() => navigate('simulator')} data-testid="sim-back">
              ← All dashboards
            </button>
          ) : null
        }
      />
      {dashboard && !current ? <ErrorNote message={`There is no dashboard called “${dashboard}”. Pick one below.`} /> : null}
      {current ? (
        <Tabs
          tabs={DASHBOARDS}
          current={current.id}
          open={(id) => navigate('simulator', id)}
          prefix="sim"
          label="Dashboards"
          panelId={(id) => `sim-panel-${id}`}
          look="pill"
        />
      ) : null}
      {catalogError ? (
        <ErrorNote message={`Could not load the hardware catalog: ${catalogError}`} onRetry={() => void loadCatalog()} />
      ) : null}
      {!current ? (
        <ul className="sim-index" data-testid="sim-index">
          {DASHBOARDS.map((d, i) => (
            <li key={d.id}>
              <button
                type="button"
                className="start-tile sim-card"
                onClick={() => navigate('simulator', d.id)}
                data-testid={`dash-card-${d.id}`}
              >
                <span className="start-icon" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="start-name">{d.title}</span>
                <span className="start-blurb">{d.blurb}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : !catalog ? (
        catalogError ? null : (
          <Loading label="Loading the catalog…" />
        )
      ) : (
        <div role="tabpanel" id={`sim-panel-${current.id}`} aria-labelledby={`sim-tab-${current.id}`}>
          <Suspense fallback={<Loading label="Loading the dashboard…" />}>
            <DashboardView key={current.id} id={current.id} catalog={catalog} />
          </Suspense>
        </div>
      )}
    </div>
  )
}
