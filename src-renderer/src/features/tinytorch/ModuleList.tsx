import { useEffect } from 'react'
import { useRouter } from '../../app/routerStore'
import { ErrorNote, Loading, PageHeader } from '../../ui/components'
import { useTinyTorch } from './tinytorchStore'

const statusLabel = { locked: 'Locked', available: 'Not started', started: 'Started', failed: 'In progress', passed: 'Passed' } as const

export function ModuleList() {
  const { modules, listError, loadModules } = useTinyTorch()
  const navigate = useRouter((s) => s.navigate)
  useEffect(() => {
    void loadModules()
  }, [loadModules])

  return (
    <div className="page">
      <PageHeader
        title="TinyTorch"
        lead="Build your own ML framework, one module at a time. Your code is graded on this machine."
        actions={
          <button type="button" className="button" onClick={() => navigate('tinytorch', 'milestones')}>
            Milestones
          </button>
        }
      />
      {listError ? <ErrorNote message={listError} onRetry={() => void loadModules()} /> : null}
      {!modules ? (
        <Loading />
      ) : (
        <ol className="module-list" data-testid="module-list">
          {modules.map((m) => {
            const locked = m.status === 'locked'
            const missing = m.prerequisites.filter((p) => modules.find((x) => x.id === p)?.status !== 'passed')
            return (
              <li key={m.id}>
                <button
                  type="button"
                  className={`module-card status-${m.status}`}
                  onClick={() => navigate('tinytorch', m.id)}
                  data-testid={`module-${m.id}`}
                  title={locked ? `Pass ${missing.join(', ')} first, or open it and use the reference for them` : undefined}
                >
                  <span className="module-order">{String(m.order).padStart(2, '0')}</span>
                  <span className="module-body">
                    <span className="module-title">{m.title}</span>
                    <span className="module-summary">{m.summary}</span>
                    {locked ? <span className="module-locked">Needs {missing.join(', ')}</span> : null}
                  </span>
                  <span className="module-status">
                    <span className={`badge badge-${m.status}`}>{statusLabel[m.status]}</span>
                    {m.bestScore !== null ? (
                      <span className="module-points">
                        {m.bestScore}/{m.maxScore} pts · {m.attempts} attempt{m.attempts === 1 ? '' : 's'}
                      </span>
                    ) : null}
                  </span>
                </button>
              </li>
            )
          })}
        </ol>
      )}
    </div>
  )
}
