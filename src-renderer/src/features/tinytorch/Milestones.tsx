import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { EventPayload, ResponseOf } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { ipc } from '../../ipc/client'
import { ErrorNote, Loading, PageHeader } from '../../ui/components'
import { OnnxPanel } from './OnnxPanel'

type Milestone = ResponseOf<'tinytorch.milestones'>[number]
type Outcome = ResponseOf<'tinytorch.runMilestone'>
type Point = EventPayload<'milestoneProgress'>

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'
}

/** The live training curve: one line per reported metric against the step. */
function TrainingCurve({ points }: { points: Point[] }) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  // Every metric reported so far, in order of first appearance (some come only once an epoch).
  const keys = [...new Set(points.flatMap((p) => Object.keys(p.metrics)))]
  const keySignature = keys.join(',')

  useEffect(() => {
    if (!host.current || keys.length === 0) return
    const palette = ['#2f8fd1', '#d17b2f', '#2e9f6b', '#c24f7a', '#8e6bd1']
    plot.current = new uPlot(
      {
        width: host.current.clientWidth || 600,
        height: 240,
        axes: [
          { stroke: cssVar('--muted'), grid: { stroke: cssVar('--border') }, label: 'step' },
          { stroke: cssVar('--muted'), grid: { stroke: cssVar('--border') } }
        ],
        scales: { x: { time: false } },
        // spanGaps: metrics reported only now and then (test accuracy once an epoch) still draw as lines.
        series: [{}, ...keys.map((k, i) => ({ label: k, stroke: palette[i % palette.length], width: 2, spanGaps: true }))]
      },
      [[], ...keys.map(() => [])],
      host.current
    )
    return () => plot.current?.destroy()
  }, [keySignature])

  useEffect(() => {
    plot.current?.setData([points.map((p) => p.step), ...keys.map((k) => points.map((p) => p.metrics[k] ?? null))] as uPlot.AlignedData)
  })

  return <div ref={host} className="training-curve" data-testid="training-curve" />
}

function MilestoneCard({ milestone }: { milestone: Milestone }) {
  const [points, setPoints] = useState<Point[]>([])
  const [running, setRunning] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [useReference, setUseReference] = useState(false)

  useEffect(() => ipc.on('milestoneProgress', (p) => p.milestoneId === milestone.id && setPoints((prev) => [...prev, p])), [milestone.id])

  const run = async () => {
    setPoints([])
    setOutcome(null)
    setError(null)
    setRunning(true)
    try {
      setOutcome(await ipc.tinytorch.runMilestone({ milestoneId: milestone.id, referenceForUnpassed: useReference }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setRunning(false)
    }
  }

  const last = points[points.length - 1]
  // Milestones that generate text put the sample after the first line of their message.
  const sample = [...points].reverse().find((p) => p.message?.includes('\n'))?.message
  return (
    <section className="card milestone" data-testid={`milestone-${milestone.id}`}>
      <div className="milestone-head">
        <div>
          <h2 className="card-title">
            {milestone.year} · {milestone.title}
          </h2>
          <p className="muted">{milestone.goal}</p>
          <p className="muted small">Runs your modules: {milestone.requires.join(', ')}</p>
        </div>
        <div className="milestone-actions">
          <label className="checkbox">
            <input type="checkbox" checked={useReference} onChange={(e) => setUseReference(e.target.checked)} />
            Reference for modules not passed
          </label>
          <button type="button" className="button primary" onClick={() => void run()} disabled={running}>
            {running ? 'Training…' : 'Run milestone'}
          </button>
        </div>
      </div>
      {running && last ? (
        <p className="muted" role="status">
          Step {last.step} of {last.total}
          {last.message ? ` · ${last.message.split('\n')[0]}` : ''}
        </p>
      ) : null}
      {points.length ? <TrainingCurve points={points} /> : null}
      {sample ? (
        <figure className="milestone-sample" data-testid="milestone-sample">
          <figcaption>{sample.slice(0, sample.indexOf('\n'))}</figcaption>
          <pre>{sample.slice(sample.indexOf('\n') + 1)}</pre>
        </figure>
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
      {outcome ? (
        <p className={`result-summary ${outcome.achieved ? 'status-pass' : 'status-fail'}`} data-testid="milestone-outcome">
          <strong>{outcome.status === 'error' ? 'The run errored' : outcome.achieved ? 'Milestone reached' : 'Not reached yet'}</strong> ·{' '}
          {outcome.message ?? outcome.summary}
          {outcome.usedReference.length ? ` (reference used for ${outcome.usedReference.join(', ')})` : ''}
          <span className="muted" data-testid="milestone-wall-time">
            {' '}
            · wall time {outcome.wallSeconds.toFixed(1)} s
          </span>
        </p>
      ) : null}
      {outcome?.onnxAvailable ? <OnnxPanel milestoneId={milestone.id} /> : null}
    </section>
  )
}

export function Milestones() {
  const navigate = useRouter((s) => s.navigate)
  const [milestones, setMilestones] = useState<Milestone[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    ipc.tinytorch.milestones().then(setMilestones, (e: Error) => setError(e.message))
  }, [])
  return (
    <div className="page">
      <PageHeader
        title="Milestones"
        lead="Historic results rebuilt with your own framework. They are judged by what your code reaches, not by finishing."
        actions={
          <button type="button" className="button" onClick={() => navigate('tinytorch')}>
            ← Modules
          </button>
        }
      />
      {error ? <ErrorNote message={error} /> : null}
      {!milestones ? <Loading /> : milestones.map((m) => <MilestoneCard key={m.id} milestone={m} />)}
    </div>
  )
}
