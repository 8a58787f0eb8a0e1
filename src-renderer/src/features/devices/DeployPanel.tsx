import { ErrorNote } from '../../ui/components'
import { formatBytes } from '../../ui/format'
import { useDevices } from './devicesStore'

const percent = (x: number) => `${(100 * x).toFixed(1)}%`

function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total || 1}
      aria-valuenow={done}
      data-testid="progress"
    >
      <div className="progress-fill" style={{ width: `${total ? Math.min(100, (100 * done) / total) : 0}%` }} />
      <span className="progress-text">
        {label}: {total ? `${done} / ${total}` : 'starting…'}
      </span>
    </div>
  )
}

/** Train and quantise a model from a dataset; pick a model, check it fits, deploy, and measure it on the board. */
export function DeployPanel() {
  return (
    <div className="deploy">
      <Build />
      <Deploy />
    </div>
  )
}

function Build() {
  const datasets = useDevices((s) => s.datasets)
  const boards = useDevices((s) => s.boards)
  const targetBoard = useDevices((s) => s.targetBoard)
  const building = useDevices((s) => s.building)
  const built = useDevices((s) => s.built)
  const error = useDevices((s) => s.buildError)
  const build = useDevices((s) => s.buildModel)
  const form = useDevices((s) => s.buildForm)
  const setForm = useDevices((s) => s.setBuildForm)
  const { name, window, hidden, epochs } = form
  const chosen = form.dataset || datasets[0]?.name || ''
  const boardId = form.boardId || targetBoard()

  return (
    <form
      className="card"
      aria-label="Train and quantise"
      onSubmit={(e) => {
        e.preventDefault()
        void build({ dataset: chosen, name, window, hidden, epochs, boardId, referenceForUnpassed: form.referenceForUnpassed })
      }}
    >
      <h2 className="card-title">1. Train with TinyTorch and quantise to int8</h2>
      <p className="muted small">
        Sequential(Linear, ReLU, Linear) trained with your modules in the grader's sandbox, then post-training int8 quantisation (per-tensor
        scales, symmetric weights, asymmetric activations) calibrated on the training data.
      </p>
      <div className="form-grid">
        <label className="field">
          <span>Dataset</span>
          <select value={chosen} onChange={(e) => setForm({ dataset: e.target.value })} data-testid="build-dataset">
            {datasets.length === 0 ? <option value="">(capture one first)</option> : null}
            {datasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({d.rows} rows, {Object.keys(d.labels).length} labels)
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Model name</span>
          <input value={name} onChange={(e) => setForm({ name: e.target.value })} data-testid="build-name" />
        </label>
        <label className="field">
          <span>Window (samples per example)</span>
          <input
            type="number"
            min={1}
            max={64}
            value={window}
            onChange={(e) => setForm({ window: Number(e.target.value) })}
            data-testid="build-window"
          />
        </label>
        <label className="field">
          <span>Hidden units</span>
          <input
            type="number"
            min={2}
            max={256}
            value={hidden}
            onChange={(e) => setForm({ hidden: Number(e.target.value) })}
            data-testid="build-hidden"
          />
        </label>
        <label className="field">
          <span>Epochs</span>
          <input
            type="number"
            min={1}
            max={200}
            value={epochs}
            onChange={(e) => setForm({ epochs: Number(e.target.value) })}
            data-testid="build-epochs"
          />
        </label>
        <label className="field">
          <span>Target board (fit check)</span>
          <select value={boardId} onChange={(e) => setForm({ boardId: e.target.value })} data-testid="build-board">
            {boards
              .filter((b) => b.kind === 'board')
              .map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={form.referenceForUnpassed}
          onChange={(e) => setForm({ referenceForUnpassed: e.target.checked })}
          data-testid="build-reference"
        />
        <span>Use the reference solution for TinyTorch modules I have not passed yet</span>
      </label>
      <div className="row">
        <button type="submit" className="button primary" disabled={!chosen || !!building} data-testid="build">
          {building ? 'Training…' : 'Train and quantise'}
        </button>
      </div>
      {building ? (
        <ProgressBar
          done={building.done}
          total={building.total}
          label={`epoch${building.metrics ? ` (loss ${building.metrics.loss?.toFixed(3)}, accuracy ${percent(building.metrics.accuracy ?? 0)})` : ''}`}
        />
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
      {built ? (
        <div className="result" data-testid="build-result">
          <p>
            <strong>{built.model.name}</strong>: float {percent(built.model.accuracy.floatAccuracy)}, int8{' '}
            {percent(built.model.accuracy.int8Accuracy)} on {built.model.accuracy.examples} held-out examples (the int8 model agrees with
            the float one on {percent(built.model.accuracy.agreement)}).
          </p>
          <p className={built.fit.fits ? 'ok-note' : 'error-note'}>
            {built.fit.boardName}: {built.fit.message}
          </p>
          {built.model.usedReference.length ? (
            <p className="muted small">Ran as the reference: {built.model.usedReference.join(', ')}</p>
          ) : null}
        </div>
      ) : null}
    </form>
  )
}

function Deploy() {
  const models = useDevices((s) => s.models)
  const model = useDevices((s) => s.model)
  const selectModel = useDevices((s) => s.selectModel)
  const fit = useDevices((s) => s.fit)
  const fitError = useDevices((s) => s.fitError)
  const selected = useDevices((s) => s.selected)
  const deploying = useDevices((s) => s.deploying)
  const deployed = useDevices((s) => s.deployed)
  const deployError = useDevices((s) => s.deployError)
  const deploy = useDevices((s) => s.deploy)
  const evaluating = useDevices((s) => s.evaluating)
  const evaluation = useDevices((s) => s.evaluation)
  const evaluateError = useDevices((s) => s.evaluateError)
  const evaluate = useDevices((s) => s.evaluate)
  const current = models.find((m) => m.name === model)
  const isVirtual = useDevices((s) => s.ports.find((p) => p.path === s.selected)?.virtual ?? false)

  return (
    <section className="card" aria-label="Deploy">
      <h2 className="card-title">2. Deploy to the board and measure it there</h2>
      {models.length === 0 ? (
        <p className="muted">No quantised models yet: train one above.</p>
      ) : (
        <label className="field">
          <span>Model</span>
          <select value={model ?? ''} onChange={(e) => void selectModel(e.target.value)} data-testid="deploy-model">
            {models.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} — {m.classes.join('/')} · {formatBytes(m.bytes)} · int8 {percent(m.accuracy.int8Accuracy)}
              </option>
            ))}
          </select>
        </label>
      )}
      {fit ? (
        <p className={fit.fits ? 'ok-note' : 'error-note'} data-testid="fit">
          {fit.boardName}: {fit.message}; about {(fit.estimatedSeconds * 1e6).toFixed(0)} µs per inference
        </p>
      ) : null}
      {fitError ? <ErrorNote message={fitError} /> : null}
      <div className="row">
        <button
          type="button"
          className="button primary"
          disabled={!current || !selected || !!deploying || !!evaluating}
          onClick={() => void deploy()}
          data-testid="deploy"
        >
          {deploying ? 'Deploying…' : selected ? `Deploy to ${selected}` : 'Select a port to deploy'}
        </button>
        <button
          type="button"
          className="button"
          disabled={!current || !selected || !!deploying || !!evaluating}
          onClick={() => void evaluate()}
          data-testid="evaluate"
        >
          {evaluating ? 'Running the test set…' : `Run the ${current?.testExamples ?? ''} test examples on the board`}
        </button>
      </div>
      {deploying ? <ProgressBar done={deploying.done} total={deploying.total} label="bytes sent" /> : null}
      {evaluating ? <ProgressBar done={evaluating.done} total={evaluating.total} label="test examples" /> : null}
      {deployError ? <ErrorNote message={deployError} /> : null}
      {deployed ? (
        <p className="result" data-testid="deploy-result">
          Deployed {formatBytes(deployed.bytes)} to {deployed.board} in {deployed.seconds.toFixed(2)} s (
          {Math.round(deployed.bytesPerSecond)} B/s)
          {deployed.resumedFrom ? `, resumed from byte ${deployed.resumedFrom}` : ''}
          {deployed.retries ? `, ${deployed.retries} ${deployed.retries === 1 ? 'request' : 'requests'} sent again` : ''}.
        </p>
      ) : null}
      {evaluateError ? <ErrorNote message={evaluateError} /> : null}
      {evaluation && current ? (
        <table className="table results" aria-label="On-device results" data-testid="evaluation">
          <thead>
            <tr>
              <th />
              <th>Accuracy ({evaluation.examples} test examples)</th>
              <th>Latency per inference</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">On the board (int8)</th>
              <td data-testid="device-accuracy">{percent(evaluation.deviceAccuracy)}</td>
              <td data-testid="device-latency">
                {evaluation.meanMicros.toFixed(0)} µs mean, {evaluation.maxMicros} µs max
              </td>
            </tr>
            <tr>
              <th scope="row">Host, float model</th>
              <td>{percent(evaluation.hostFloatAccuracy)}</td>
              <td>—</td>
            </tr>
            <tr>
              <th scope="row">Host, int8 interpreter</th>
              <td>{percent(evaluation.hostInt8Accuracy)}</td>
              <td className="muted">
                {evaluation.bitExact} of {evaluation.examples} outputs bit-identical to the board's
              </td>
            </tr>
            <tr>
              <th scope="row">Round trip over serial</th>
              <td />
              <td>{(evaluation.meanRoundTripSeconds * 1000).toFixed(1)} ms</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      {evaluation && isVirtual ? (
        <p className="muted small" data-testid="virtual-latency-note">
          A virtual board reports the latency its profile predicts (multiply-accumulates and outputs times the profile's cycles, at its
          clock), not a measurement. A real board measures each inference with micros().
        </p>
      ) : null}
    </section>
  )
}
