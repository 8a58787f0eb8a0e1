import { formatBytes } from '../../ui/format'
import { useDevices } from './devicesStore'

function hz(v: number): string {
  return v >= 1e6 ? `${v / 1e6} MHz` : `${v / 1e3} kHz`
}

/** The ports, the selected board's profile, the virtual board, and the diagnosis. */
export function PortsPanel() {
  const ports = useDevices((s) => s.ports)
  const boards = useDevices((s) => s.boards)
  const selected = useDevices((s) => s.selected)
  const select = useDevices((s) => s.select)
  const refresh = useDevices((s) => s.refreshPorts)
  const chosenBoard = useDevices((s) => s.chosenBoard)
  const chooseBoard = useDevices((s) => s.chooseBoard)
  const virtualProfile = useDevices((s) => s.virtualProfile)
  const setVirtualProfile = useDevices((s) => s.setVirtualProfile)
  const startVirtual = useDevices((s) => s.startVirtual)
  const stopVirtual = useDevices((s) => s.stopVirtual)
  const problems = useDevices((s) => s.problems)
  const diagnosing = useDevices((s) => s.diagnosing)
  const diagnose = useDevices((s) => s.diagnose)
  const port = ports.find((p) => p.path === selected) ?? null
  const listed = boards.find((b) => b.id === port?.boardId)
  const chosen = selected ? boards.find((b) => b.id === chosenBoard[selected]) : undefined
  const profile = chosen ?? (listed?.kind === 'board' ? listed : undefined)
  const fullBoards = boards.filter((b) => b.kind === 'board')

  return (
    <aside className="devices-ports card" aria-label="Ports and boards">
      <div className="ports-head">
        <h2 className="card-title">Ports</h2>
        <button type="button" className="button small" onClick={() => void refresh()} data-testid="ports-refresh">
          Refresh
        </button>
      </div>
      {ports.length === 0 ? (
        <p className="muted" data-testid="no-ports">
          No serial ports. Plug a board in (it appears by itself), or start a virtual board below.
        </p>
      ) : (
        <ul className="port-list" aria-label="Serial ports">
          {ports.map((p) => (
            <li key={p.path}>
              <button
                type="button"
                className={`port ${p.path === selected ? 'active' : ''}`}
                aria-pressed={p.path === selected}
                onClick={() => select(p.path)}
                data-testid="port"
              >
                <span className="port-label">{p.label}</span>
                <span className="port-path">
                  {p.path}
                  {p.vendorId ? ` · ${p.vendorId}:${p.productId ?? '????'}` : ''}
                  {p.virtual ? ' · virtual' : ''}
                </span>
                {p.mode === 'bootloader' ? <span className="badge warn">bootloader</span> : null}
                {p.kind === 'bridge' ? <span className="badge">USB–serial bridge</span> : null}
                {p.sessionId ? <span className="badge ok">monitor open</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}

      {port ? (
        <section className="profile" aria-label="Board profile" data-testid="board-profile">
          {listed && listed.kind !== 'board' ? (
            <p className="muted">
              {listed.name}: {listed.notes}
            </p>
          ) : null}
          {listed?.kind !== 'board' ? (
            <label className="field">
              <span>Board behind this port</span>
              <select value={chosen?.id ?? ''} onChange={(e) => chooseBoard(port.path, e.target.value)} data-testid="choose-board">
                <option value="">(choose for the fit check)</option>
                {fullBoards.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {profile ? (
            <>
              <h3>{profile.name}</h3>
              <dl className="profile-facts">
                <dt>MCU</dt>
                <dd>{profile.mcu}</dd>
                <dt>Clock</dt>
                <dd>{profile.clockHz ? hz(profile.clockHz) : '—'}</dd>
                <dt>RAM</dt>
                <dd>{profile.ramBytes ? formatBytes(profile.ramBytes) : '—'}</dd>
                <dt>Flash</dt>
                <dd>{profile.flashBytes ? formatBytes(profile.flashBytes) : '—'}</dd>
                <dt>Baud</dt>
                <dd>{profile.defaultBaud}</dd>
                <dt>Simulator</dt>
                <dd>{profile.simulator}</dd>
              </dl>
              {profile.sensors.length ? (
                <ul className="sensors" aria-label="Sensors">
                  {profile.sensors.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : null}
              <p className="muted small">{profile.notes}</p>
            </>
          ) : null}
          <div className="row">
            <button type="button" className="button small" onClick={() => void diagnose()} disabled={diagnosing} data-testid="diagnose">
              {diagnosing ? 'Checking…' : 'Diagnose'}
            </button>
            {port.virtual ? (
              <button type="button" className="button small" onClick={() => void stopVirtual(port.path)} data-testid="stop-virtual">
                Stop virtual board
              </button>
            ) : null}
          </div>
          {problems ? (
            problems.length === 0 ? (
              <p className="ok-note" data-testid="diagnosis">
                The port opens and the board is talking: nothing wrong found.
              </p>
            ) : (
              <ul className="problems" data-testid="diagnosis">
                {problems.map((p) => (
                  <li key={p.code}>
                    <strong>{p.message}</strong> {p.fix}
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </section>
      ) : null}

      <section className="virtual" aria-label="Virtual board">
        <h3>No board?</h3>
        <p className="muted small">A virtual board runs the same protocol on a pseudo-terminal, with a simulated accelerometer.</p>
        <label className="field">
          <span>Profile</span>
          <select value={virtualProfile} onChange={(e) => setVirtualProfile(e.target.value)} data-testid="virtual-profile">
            {fullBoards.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={() => void startVirtual()} data-testid="start-virtual">
          Start a virtual board
        </button>
      </section>
    </aside>
  )
}
