import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { EventPayload, ResponseOf } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { ipc } from '../../ipc/client'
import { ErrorNote, Loading, PageHeader, ResultBanner } from '../../ui/components'
import { OnnxPanel } from './OnnxPanel'

type Milestone = ResponseOf<'tinytorch.milestones'>[number]
type Outcome = ResponseOf<'tinytorch.runMilestone'>
type Point = EventPayload<'milestoneProgress'>

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'
}

const LIGHT = ['#2f5fd0', '#d1701f', '#2e8f5b', '#c2407a', '#7a52c7', '#8a7a16', '#1f8fa8']
const DARK = ['#7aa2ff', '#ffab5e', '#5cc48a', '#ff7ab0', '#b394ff', '#e0cf5a', '#5ccfe6']

/** Accuracies share a 0–100 % axis on the right; losses and the rest go on the left. */
const isFraction = (key: string) => /accuracy/i.test(key)

/** `singleLayerTestAccuracy` → "single layer test accuracy". */
export function metricLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bmlp\b/g, 'MLP')
}

function formatMetric(key: string, v: number): string {
  return isFraction(key) ? `${(v * 100).toFixed(1)} %` : v.toPrecision(3)
}

/** Every metric any report carried, in the order they first appeared (phases report different ones). */
export function metricKeys(points: readonly Point[]): string[] {
  const keys: string[] = []
  for (const p of points) for (const k of Object.keys(p.metrics)) if (!keys.includes(k)) keys.push(k)
  return keys
}

/** The latest value of each metric, whichever report carried it. */
function latest(points: readonly Point[], key: string): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]!.metrics[key]
    if (v !== undefined) return v
  }
  return null
}

/** Whether the system is in dark mode now; the chart is redrawn in the other scheme's colours when it switches. */
function useDarkScheme(): boolean {
  const query = '(prefers-color-scheme: dark)'
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false)
  useEffect(() => {
    const mq = window.matchMedia?.(query)
    if (!mq) return
    const on = () => setDark(mq.matches)
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  return dark
}

/**
 * The live training curve: a line per metric against the step, every metric any report carried (the XOR run
 * reports a single-layer phase, then an MLP phase), with points so a metric reported once still shows.
 */
function TrainingCurve({ points }: { points: Point[] }) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const keys = metricKeys(points)
  const signature = keys.join(',')
  const dark = useDarkScheme()
  const palette = dark ? DARK : LIGHT

  useEffect(() => {
    const el = host.current
    if (!el || keys.length === 0) return
    const muted = cssVar('--muted')
    const grid = cssVar('--border')
    const hasLoss = keys.some((k) => !isFraction(k))
    const hasFraction = keys.some(isFraction)
    const u = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 240,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, frac: { range: [0, 1] } },
        axes: [
          { stroke: muted, grid: { stroke: grid }, label: 'step' },
          ...(hasLoss ? [{ stroke: muted, grid: { stroke: grid }, label: 'loss', scale: 'y' }] : []),
          ...(hasFraction
            ? [
                {
                  stroke: muted,
                  grid: { show: !hasLoss, stroke: grid },
                  label: 'accuracy',
                  scale: 'frac',
                  side: hasLoss ? 1 : 3,
                  values: (_u: uPlot, splits: number[]) => splits.map((v) => `${Math.round(v * 100)} %`)
                }
              ]
            : [])
        ],
        series: [
          {},
          ...keys.map((k, i) => ({
            label: metricLabel(k),
            scale: isFraction(k) ? 'frac' : 'y',
            stroke: palette[i % palette.length],
            width: 2,
            spanGaps: true,
            points: { show: true, size: 5 }
          }))
        ]
      },
      [[], ...keys.map(() => [])],
      el
    )
    plot.current = u
    const ro = new ResizeObserver(() => {
      if (Math.abs(el.clientWidth - u.width) > 2) u.setSize({ width: el.clientWidth, height: 240 })
    })
    ro.observe(el)
    return () => {
      ro.disconnect()
      u.destroy()
      plot.current = null
    }
  }, [signature, dark])

  useEffect(() => {
    plot.current?.setData([points.map((p) => p.step), ...keys.map((k) => points.map((p) => p.metrics[k] ?? null))] as uPlot.AlignedData)
  })

  return (
    <figure className="training-figure">
      <div
        ref={host}
        className="training-curve"
        data-testid="training-curve"
        role="img"
        aria-label="Training curve: metrics against step"
      />
      <figcaption>
        <ul className="curve-legend" data-testid="curve-legend">
          {keys.map((k, i) => {
            const v = latest(points, k)
            return (
              <li key={k}>
                <span className="curve-swatch" style={{ background: palette[i % palette.length] }} aria-hidden="true" />
                {metricLabel(k)}: <strong>{v === null ? '—' : formatMetric(k, v)}</strong>
              </li>
            )
          })}
        </ul>
      </figcaption>
    </figure>
  )
}

/** What to say about a run that did not reach its goal, and what the learner can do next. */
function OutcomeBanner({ outcome, onUseReference }: { outcome: Outcome; onUseReference: (() => void) | null }) {
  const navigate = useRouter((s) => s.navigate)
  const helped = outcome.usedReference.length ? (
    <p className="muted">The reference solution ran for: {outcome.usedReference.join(', ')}.</p>
  ) : null
  if (outcome.status === 'error') {
    const todo = outcome.blockedBy
    return (
      <ResultBanner tone="error" title="The run stopped before the end" testId="milestone-outcome">
        {todo ? (
          <p data-testid="milestone-blocked">
            It reached an unfinished TODO in <strong>{todo.title}</strong> ({todo.file}, line {todo.line})
            {todo.passed ? '.' : ', a module you have not passed yet.'}
          </p>
        ) : null}
        <pre className="result-pre">{outcome.message ?? outcome.summary}</pre>
        {helped}
        {onUseReference || todo ? (
          <div className="result-actions">
            {onUseReference ? (
              <button type="button" className="button primary small" onClick={onUseReference} data-testid="milestone-use-reference">
                Run with the reference for {outcome.unpassed.map((m) => m.title).join(', ')}
              </button>
            ) : null}
            {todo ? (
              <button type="button" className="button small" onClick={() => navigate('tinytorch', todo.moduleId)}>
                Open {todo.title}
              </button>
            ) : null}
          </div>
        ) : null}
      </ResultBanner>
    )
  }
  return (
    <ResultBanner
      tone={outcome.achieved ? 'pass' : 'fail'}
      title={outcome.achieved ? 'Milestone reached' : 'Not reached yet'}
      testId="milestone-outcome"
    >
      <p>{outcome.summary}</p>
      {helped}
    </ResultBanner>
  )
}

function MilestoneCard({ milestone }: { milestone: Milestone }) {
  const [points, setPoints] = useState<Point[]>([])
  const [running, setRunning] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [useReference, setUseReference] = useState(false)

  useEffect(() => ipc.on('milestoneProgress', (p) => p.milestoneId === milestone.id && setPoints((prev) => [...prev, p])), [milestone.id])

  const run = async (withReference: boolean) => {
    setPoints([])
    setOutcome(null)
    setError(null)
    setRunning(true)
    try {
      setOutcome(await ipc.tinytorch.runMilestone({ milestoneId: milestone.id, referenceForUnpassed: withReference }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setRunning(false)
    }
  }

  const last = points[points.length - 1]
  // Offer the reference only where it would change something: modules not passed that ran as the learner's code.
  const offer =
    outcome?.status === 'error' && outcome.unpassed.length > 0 && /\bTODO\(/.test(outcome.message ?? '')
      ? () => {
          setUseReference(true)
          void run(true)
        }
      : null
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
          <button type="button" className="button primary" onClick={() => void run(useReference)} disabled={running}>
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
      {error ? <ErrorNote message={error} onRetry={() => void run(useReference)} retryLabel="Run again" /> : null}
      {outcome ? <OutcomeBanner outcome={outcome} onUseReference={offer} /> : null}
      {outcome ? (
        <p className="muted" data-testid="milestone-wall-time">
          Wall time {outcome.wallSeconds.toFixed(1)} s
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
  const load = () => {
    setError(null)
    ipc.tinytorch.milestones().then(setMilestones, (e: Error) => setError(e.message))
  }
  useEffect(load, [])
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
      {error ? <ErrorNote message={`Could not list the milestones: ${error}`} onRetry={load} /> : null}
      {!milestones ? error ? null : <Loading /> : milestones.map((m) => <MilestoneCard key={m.id} milestone={m} />)}
    </div>
  )
}
