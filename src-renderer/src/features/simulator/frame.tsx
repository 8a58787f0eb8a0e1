import { useEffect, useId, useState, type ReactNode } from 'react'
import { useRouter } from '../../app/routerStore'
import { toHash } from '../../app/routes'
import { linkParams } from './linkParams'
import { type Answers, type Params, type SimCall, usePrediction, useSim } from './simStore'
import { relativeTime } from '../../ui/format'
import { DashboardContext } from './TeX'
import { sig } from './units'

export interface Headline {
  id: string
  label: string
  value: string
  detail?: string
  /** The number the prediction prompt asks about: hidden until the guess is revealed. */
  key?: boolean
  /** A number the answer follows from at once (e.g. a rate that is its inverse): hidden until the guess is revealed too. */
  spoils?: boolean
  tone?: 'ok' | 'bad'
}

export function Headlines({ dashboard, items }: { dashboard: string; items: Headline[] }) {
  const prediction = usePrediction(dashboard)
  return (
    <dl className="sim-headlines" aria-live="polite">
      {items.map((h) => {
        const hidden = (h.key || h.spoils) && !prediction.revealed
        return (
          <div key={h.id} className={`sim-headline ${h.key ? 'key' : ''} ${h.tone ?? ''}`}>
            <dt>{h.label}</dt>
            <dd data-testid={`headline-${h.id}`}>{hidden ? <span className="sim-masked">? predict first</span> : h.value}</dd>
            {h.detail && !hidden ? <dd className="sim-headline-detail">{h.detail}</dd> : null}
          </div>
        )
      })}
    </dl>
  )
}

export interface PredictionSpec {
  question: string
  /** Display unit and its factor from SI. */
  unit: string
  factor: number
  /** Current actual value in SI (null while loading). */
  actual: number | null
  /** The call whose answer is the key number; re-sent with `record` on reveal so it is logged. */
  request: SimCall
  format(v: number): string
  /** Why a non-finite actual happens, e.g. "unstable: utilisation ≥ 1". */
  nonFiniteReason?: string
}

function howFar(guess: number, actual: number, spec: PredictionSpec): string {
  if (!Number.isFinite(actual)) return `The real value is unbounded — ${spec.nonFiniteReason ?? 'the model has no finite answer here'}.`
  if (actual === 0) return guess === 0 ? 'Exactly right.' : `Off by ${spec.format(Math.abs(guess))}.`
  const ratio = guess / actual
  if (ratio <= 0) return 'Wrong sign: the actual value is ' + (actual > 0 ? 'positive.' : 'negative.')
  const pct = Math.abs(ratio - 1) * 100
  if (pct < 10) return `Within ${sig(pct, 2)} % — well judged.`
  if (ratio > 1) return `${sig(ratio, 3)}× too high (${sig(pct, 3)} % over).`
  return `${sig(1 / ratio, 3)}× too low (${sig(100 - ratio * 100, 3)} % under).`
}

export function Prediction({ dashboard, spec }: { dashboard: string; spec: PredictionSpec }) {
  const prediction = usePrediction(dashboard)
  const commitGuess = useSim((s) => s.commitGuess)
  const reveal = useSim((s) => s.reveal)
  const reset = useSim((s) => s.resetPrediction)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  // A new round (an input moved, or Predict again): the question is a new one, so is the form.
  useEffect(() => {
    setText('')
    setError(null)
  }, [prediction.round])

  const submit = () => {
    const n = Number(text.trim().replace(/,/g, ''))
    if (text.trim() === '' || !Number.isFinite(n)) {
      setError('Type a number for your guess first.')
      return
    }
    if (spec.actual === null) {
      setError('The simulator has not answered yet; try again in a moment.')
      return
    }
    setError(null)
    const guess = n * spec.factor
    commitGuess(dashboard, guess)
    void reveal(dashboard, spec.actual, spec.request)
  }

  return (
    <section className="card sim-predict" aria-labelledby={`${id}-t`} data-testid="sim-predict">
      <h2 className="card-title" id={`${id}-t`}>
        Predict first
      </h2>
      <p>{spec.question}</p>
      {!prediction.revealed && prediction.inputsChanged ? (
        <p className="muted small" data-testid="predict-changed">
          The inputs changed since your last guess, so it was cleared: predict this one.
        </p>
      ) : null}
      {!prediction.revealed ? (
        <form
          className="sim-predict-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <label htmlFor={id}>Your guess ({spec.unit})</label>
          <input
            id={id}
            className="sim-number wide"
            inputMode="decimal"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="predict-input"
          />
          <button type="submit" className="button primary" data-testid="predict-reveal">
            Lock in and reveal
          </button>
          {error ? (
            <p className="sim-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <div className="sim-predict-result" role="status" data-testid="predict-result">
          <p>
            Your guess: <strong>{spec.format(prediction.guess!)}</strong> · actual:{' '}
            <strong>
              {Number.isFinite(prediction.actual!)
                ? spec.format(prediction.actual!)
                : `unbounded (${spec.nonFiniteReason ?? 'no finite value'})`}
            </strong>
          </p>
          <p>{howFar(prediction.guess!, prediction.actual!, spec)}</p>
          {prediction.note ? <p className="muted">{prediction.note}</p> : null}
          <button type="button" className="button small" onClick={() => reset(dashboard)}>
            Predict again
          </button>
        </div>
      )}
    </section>
  )
}

export function Scenarios({ dashboard }: { dashboard: string }) {
  const list = useSim((s) => s.scenarios[dashboard])
  const message = useSim((s) => s.scenarioMessage[dashboard] ?? null)
  const { loadScenarios, saveScenario, deleteScenario, restoreScenario } = useSim.getState()
  const [name, setName] = useState('')
  const id = useId()
  useEffect(() => {
    void loadScenarios(dashboard)
  }, [dashboard, loadScenarios])

  return (
    <section className="card sim-scenarios" aria-labelledby={`${id}-t`} data-testid="sim-scenarios">
      <h2 className="card-title" id={`${id}-t`}>
        Scenarios
      </h2>
      <form
        className="sim-scenario-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!name.trim()) return
          void saveScenario(dashboard, name).then((ok) => ok && setName(''))
        }}
      >
        <label htmlFor={id} className="sr-only">
          Scenario name
        </label>
        <input
          id={id}
          className="sim-text"
          placeholder="Name this setup"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          data-testid="scenario-name"
        />
        <button type="submit" className="button" disabled={!name.trim()} data-testid="scenario-save">
          Save
        </button>
      </form>
      {message ? (
        <p className="sim-hint" role="status">
          {message}
        </p>
      ) : null}
      {list === undefined ? null : list.length === 0 ? (
        <p className="muted small">No saved scenarios yet.</p>
      ) : (
        <ul className="sim-scenario-list" data-testid="scenario-list">
          {list.map((s) => (
            <li key={s.scenarioId}>
              <span className="sim-scenario-name" title={new Date(s.savedAt).toLocaleString()}>
                {s.name} <span className="muted small">{relativeTime(s.savedAt)}</span>
              </span>
              <button type="button" className="button small" onClick={() => restoreScenario(dashboard, s)} aria-label={`Restore ${s.name}`}>
                Restore
              </button>
              <button
                type="button"
                className="button small"
                onClick={() => void deleteScenario(dashboard, s.scenarioId)}
                aria-label={`Delete ${s.name}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Shared layout: controls and scenarios on the left; numbers, chart, prediction and math on the right. */
export function DashFrame({
  dashboard,
  controls,
  headlines,
  chart,
  prediction,
  math,
  error,
  extra
}: {
  dashboard: string
  controls: ReactNode
  headlines: Headline[]
  chart: ReactNode
  prediction?: PredictionSpec | null
  math: ReactNode
  error?: string | null
  extra?: ReactNode
}) {
  return (
    <div className="sim-dash" data-dashboard={dashboard}>
      <div className="sim-side">
        <section className="card sim-controls" aria-label="Controls">
          {controls}
        </section>
        <Scenarios dashboard={dashboard} />
      </div>
      <div className="sim-maincol">
        {error ? (
          <div className="error-note" role="alert" data-testid="sim-error">
            <span>{error}</span>
          </div>
        ) : null}
        <Headlines dashboard={dashboard} items={headlines} />
        <div className="card sim-chart-card">{chart}</div>
        {extra}
        {prediction ? <Prediction dashboard={dashboard} spec={prediction} /> : null}
        <DashboardContext.Provider value={dashboard}>{math}</DashboardContext.Provider>
      </div>
    </div>
  )
}

/** Reads this dashboard's params (filling defaults) and a setter; a link's parameters are applied once. */
export function useDashParams<P extends Params>(dashboard: string, defaults: P): [P, (key: keyof P & string, value: unknown) => void] {
  const ensure = useSim((s) => s.ensureParams)
  const params = useSim((s) => s.params[dashboard]) as P | undefined
  const setParam = useSim((s) => s.setParam)
  const setParams = useSim((s) => s.setParams)
  const query = useRouter((s) => s.query)
  useEffect(() => {
    ensure(dashboard, defaults)
    if (Object.keys(query).length === 0) return
    const fromLink = linkParams(defaults, query)
    if (Object.keys(fromLink).length > 0) {
      setParams(dashboard, { ...defaults, ...(useSim.getState().params[dashboard] ?? {}), ...fromLink })
      useSim.getState().resetPrediction(dashboard)
    }
    // Drop the query from the address so later edits are not overwritten by it.
    window.history.replaceState(null, '', toHash('simulator', dashboard))
    useRouter.setState({ query: {} })
  }, [dashboard, defaults, ensure, query, setParams])
  return [(params ? { ...defaults, ...params } : defaults) as P, (key, value) => setParam(dashboard, key, value)]
}

/**
 * Sends this dashboard's calls (coalesced per frame, stale answers dropped) and returns the latest answers,
 * each checked against the contract and typed by its call. While a new batch is out the previous answers stay
 * (a drag redraws smoothly); a dashboard keeps the same function at the same position so they keep their types.
 */
export function useRuns<const C extends readonly SimCall[]>(
  dashboard: string,
  calls: C | null
): { results: Answers<C> | null; error: string | null } {
  const schedule = useSim((s) => s.schedule)
  const run = useSim((s) => s.runs[dashboard])
  const key = calls ? JSON.stringify(calls) : ''
  useEffect(() => {
    if (calls) schedule(dashboard, calls)
  }, [dashboard, key, schedule])
  return { results: (run?.results as Answers<C> | undefined) ?? null, error: run?.error ?? null }
}
