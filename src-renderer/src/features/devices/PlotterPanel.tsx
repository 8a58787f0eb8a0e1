import { useEffect, useState } from 'react'
import { ErrorNote } from '../../ui/components'
import { plotRing, useDevices } from './devicesStore'
import { LivePlot } from './LivePlot'

const GESTURES = ['rest', 'tilt', 'shake', 'wave']

/** Re-reads a value that lives outside React a few times a second. */
function usePolled<T>(read: () => T, ms = 250): T {
  const [value, setValue] = useState(read)
  useEffect(() => {
    const t = setInterval(() => setValue(read()), ms)
    return () => clearInterval(t)
  }, [read, ms])
  return value
}

const readCounts = () => ({ total: plotRing.total, names: plotRing.names.join(', '), latest: plotRing.latest() })

/** The live plot of numeric columns, and recording them into a labelled dataset. */
export function PlotterPanel() {
  const session = useDevices((s) => s.session)
  const ports = useDevices((s) => s.ports)
  const dropped = useDevices((s) => s.droppedSamples)
  const counts = usePolled(readCounts)
  const isVirtual = ports.find((p) => p.path === session?.path)?.virtual ?? false
  return (
    <section aria-label="Plotter and capture">
      <p className="muted small">
        Lines such as <code>1.5,2,3</code> or <code>ax:0.01,ay:-0.2</code> become columns.
      </p>
      <LivePlot ring={plotRing} />
      <p className="plot-counts" data-testid="plot-counts">
        <span data-testid="sample-total" data-total={counts.total}>
          {counts.total} samples
        </span>
        {counts.names ? <span> · columns {counts.names}</span> : null}
        {counts.latest.length ? <span> · latest {counts.latest.map((v) => Number(v.toPrecision(4))).join(', ')}</span> : null}
        <span data-testid="dropped"> · {dropped} dropped</span>
      </p>
      {isVirtual ? <GestureButtons /> : null}
      <Capture />
      <Datasets />
    </section>
  )
}

function GestureButtons() {
  const send = useDevices((s) => s.send)
  return (
    <fieldset className="row gestures">
      <legend className="muted small">Virtual board motion</legend>
      {GESTURES.map((g) => (
        <button key={g} type="button" className="button small" onClick={() => void send(`gesture ${g}`)} data-testid={`gesture-${g}`}>
          {g}
        </button>
      ))}
    </fieldset>
  )
}

function Capture() {
  const session = useDevices((s) => s.session)
  const capture = useDevices((s) => s.capture)
  const error = useDevices((s) => s.captureError)
  const start = useDevices((s) => s.startCapture)
  const stop = useDevices((s) => s.stopCapture)
  const { dataset, label } = useDevices((s) => s.captureForm)
  const setForm = useDevices((s) => s.setCaptureForm)
  return (
    <form
      className="capture card"
      aria-label="Capture"
      onSubmit={(e) => {
        e.preventDefault()
        void (capture ? stop() : start(dataset, label))
      }}
    >
      <h3 className="card-title">Capture a labelled dataset</h3>
      <div className="row">
        <label className="inline-field">
          <span>Dataset</span>
          <input
            value={dataset}
            onChange={(e) => setForm({ dataset: e.target.value })}
            disabled={!!capture}
            data-testid="capture-dataset"
          />
        </label>
        <label className="inline-field">
          <span>Label</span>
          <input value={label} onChange={(e) => setForm({ label: e.target.value })} disabled={!!capture} data-testid="capture-label" />
        </label>
        <button type="submit" className={`button ${capture ? '' : 'primary'}`} disabled={!session} data-testid="capture-toggle">
          {capture ? 'Stop' : 'Record'}
        </button>
        {capture ? (
          <span className="recording" role="status" data-testid="capture-rows">
            ● recording {capture.label}: {capture.rows} rows
          </span>
        ) : null}
      </div>
      {error ? <ErrorNote message={error} /> : null}
    </form>
  )
}

function Datasets() {
  const datasets = useDevices((s) => s.datasets)
  if (datasets.length === 0)
    return <p className="muted small">No datasets yet: record one above. They are CSV files in your data folder.</p>
  return (
    <table className="table" aria-label="Datasets" data-testid="datasets">
      <thead>
        <tr>
          <th>Dataset</th>
          <th>Columns</th>
          <th>Rows per label</th>
          <th>File</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => (
          <tr key={d.name}>
            <td>{d.name}</td>
            <td>{d.columns.join(', ')}</td>
            <td>
              {Object.entries(d.labels)
                .map(([l, n]) => `${l} ${n}`)
                .join(' · ')}
            </td>
            <td className="path">{d.path}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
