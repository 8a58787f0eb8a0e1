import { relativeTime } from '../../ui/format'
import { useDevices } from './devicesStore'

const num = (v: unknown) => (typeof v === 'number' ? v : null)

/** Every deployment, from the progress store (a later evaluation updates its row). */
export function HistoryPanel() {
  const history = useDevices((s) => s.history)
  if (history.length === 0) return <p className="muted">No deployments yet.</p>
  return (
    <table className="table" aria-label="Deployment history" data-testid="history">
      <thead>
        <tr>
          <th>When</th>
          <th>Model</th>
          <th>Board</th>
          <th>Status</th>
          <th>Transfer</th>
          <th>On-device accuracy</th>
          <th>Latency</th>
        </tr>
      </thead>
      <tbody>
        {history.map((d) => {
          const m = d.metrics
          const bps = num(m.bytesPerSecond)
          const acc = num(m.deviceAccuracy)
          const micros = num(m.meanMicros)
          const error = (m.error as { message?: string } | undefined)?.message
          return (
            <tr key={d.deploymentId}>
              <td>{relativeTime(d.at)}</td>
              <td>{d.model}</td>
              <td>{d.board}</td>
              <td className={d.status === 'failed' ? 'bad' : ''} title={error}>
                {d.status}
              </td>
              <td>{bps !== null ? `${num(m.bytes)} B at ${Math.round(bps)} B/s` : (error ?? '—')}</td>
              <td>{acc !== null ? `${(100 * acc).toFixed(1)}%` : '—'}</td>
              <td>{micros !== null ? `${micros.toFixed(0)} µs` : '—'}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
