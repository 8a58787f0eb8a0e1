import { useEffect, useRef, type ComponentType } from 'react'
import type { Route } from '../../../src-preload/contract'
import { ChaptersPage } from '../features/chapters/ChaptersPage'
import { DevicesPage } from '../features/devices/DevicesPage'
import { DrillsPage } from '../features/drills/DrillsPage'
import { HomePage } from '../features/home/HomePage'
import { ProgressPage } from '../features/progress/ProgressPage'
import { ReviewPage } from '../features/review/ReviewPage'
import { SimulatorPage } from '../features/simulator/SimulatorPage'
import { TinyTorchPage } from '../features/tinytorch/TinyTorchPage'
import { AccessDenied } from './AccessDenied'
import { useRouter } from './routerStore'
import { ROUTES } from './routes'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'
import { useStatus } from './statusStore'

const pages: Record<Route, ComponentType> = {
  home: HomePage,
  chapters: ChaptersPage,
  review: ReviewPage,
  tinytorch: TinyTorchPage,
  simulator: SimulatorPage,
  drills: DrillsPage,
  devices: DevicesPage,
  progress: ProgressPage
}

export function App() {
  const route = useRouter((s) => s.route)
  const navigate = useRouter((s) => s.navigate)
  const main = useRef<HTMLElement>(null)
  const accessDenied = useStatus((s) => s.accessDenied)
  const Page = pages[route]

  useEffect(() => {
    // Alt+1…8 opens a page from anywhere, the editor included.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return
      const target = ROUTES.find((r) => r.key === e.key)
      if (target) {
        e.preventDefault()
        navigate(target.route)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate])

  useEffect(() => {
    main.current?.focus({ preventScroll: true })
  }, [route])

  if (accessDenied) return <AccessDenied />
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <Sidebar />
      <main id="main" ref={main} tabIndex={-1} className="main-pane" data-route={route}>
        <Page />
      </main>
      <StatusBar />
    </div>
  )
}
