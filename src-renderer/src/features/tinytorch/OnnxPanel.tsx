import { useState } from 'react'
import type { ResponseOf } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'
import { ErrorNote } from '../../ui/components'
import { formatBytes } from '../../ui/format'

type Comparison = ResponseOf<'tinytorch.onnxCompare'>

const ms = (seconds: number): string => `${(seconds * 1e3).toFixed(seconds < 0.01 ? 2 : 1)} ms`

/** "Run in ONNX Runtime" for a milestone's trained model: agreement, speed, and the .onnx file. */
export function OnnxPanel({ milestoneId }: { milestoneId: string }) {
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<Comparison | null>(null)
  const [error, setError] = useState<string | null>(null)

  const compare = async () => {
    setBusy(true)
    setError(null)
    try {
      setResult(await ipc.tinytorch.onnxCompare({ milestoneId }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const save = async () => {
    setError(null)
    try {
      const { fileName, base64 } = await ipc.tinytorch.onnxFile({ milestoneId })
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }))
      const a = document.createElement('a')
      a.href = url
      a.download = fileName
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <div className="onnx-panel" data-testid="onnx-panel">
      <div className="onnx-actions">
        <button type="button" className="button" onClick={() => void compare()} disabled={busy}>
          {busy ? 'Running in ONNX Runtime…' : 'Run in ONNX Runtime'}
        </button>
        <button type="button" className="button" onClick={() => void save()}>
          Save .onnx
        </button>
      </div>
      {error ? <ErrorNote message={error} /> : null}
      {result ? (
        <dl className="onnx-result" data-testid="onnx-result">
          <dt>Largest difference</dt>
          <dd>
            {result.maxAbsDiff.toExponential(2)} over {result.rows} test inputs
          </dd>
          <dt>Same prediction</dt>
          <dd>{(100 * result.argmaxAgreement).toFixed(1)}% of inputs</dd>
          <dt>Speed per batch of {result.batchSize}</dt>
          <dd>
            your framework: {ms(result.oursSecondsPerBatch)}; ONNX Runtime (1 thread): {ms(result.ortSecondsPerBatch)};{' '}
            {result.speedup.toFixed(result.speedup < 10 ? 1 : 0)}×
          </dd>
          <dt>File</dt>
          <dd>
            ONNX opset {result.opset}, {formatBytes(result.onnxBytes)} with the weights
          </dd>
        </dl>
      ) : null}
    </div>
  )
}
