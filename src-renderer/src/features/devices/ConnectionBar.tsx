import { useDevices } from './devicesStore'

export const BAUDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600]

/** The selected port's monitor: baud, open or close, and what the connection is doing. */
export function ConnectionBar() {
  const selected = useDevices((s) => s.selected)
  const session = useDevices((s) => s.session)
  const baud = useDevices((s) => s.baud)
  const setBaud = useDevices((s) => s.setBaud)
  const open = useDevices((s) => s.openMonitor)
  const close = useDevices((s) => s.closeMonitor)
  const error = useDevices((s) => s.monitorError)
  const onOther = session && session.path !== selected

  return (
    <div className="connection-bar" data-testid="connection-bar">
      <span className="connection-port">{selected ?? 'no port selected'}</span>
      <label className="inline-field">
        <span>Baud</span>
        <select value={baud} onChange={(e) => void setBaud(Number(e.target.value))} data-testid="baud">
          {BAUDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      {session && !onOther ? (
        <button type="button" className="button" onClick={() => void close()} data-testid="monitor-close">
          Close
        </button>
      ) : (
        <button type="button" className="button primary" onClick={() => void open()} disabled={!selected} data-testid="monitor-open">
          {onOther ? `Switch to ${selected}` : 'Open'}
        </button>
      )}
      {session ? (
        <span className={`connection-state ${session.state}`} role="status" data-testid="monitor-state">
          {session.state === 'open' ? `open on ${session.path}` : session.state === 'reconnecting' ? 'reconnecting…' : 'closed'}
          {session.message ? ` — ${session.message}` : ''}
        </span>
      ) : null}
      {error ? (
        <p className="error-note connection-error" role="alert" data-testid="monitor-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}
