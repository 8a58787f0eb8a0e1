import { ipc } from '../ipc/client'
import { useStatus } from './statusStore'

export function StatusBar() {
  const { transport, connected, device, work } = useStatus()
  const jobs = Object.values(work)
  return (
    <footer className="status-bar" role="contentinfo">
      <span data-testid="status-transport" title="How this window talks to the workstation's main process">
        <span className={`dot ${connected ? 'ok' : 'bad'}`} aria-hidden="true" />
        {transport === 'electron' ? 'Desktop IPC' : 'Local web host (WebSocket)'}
        {connected ? '' : ' · reconnecting…'}
      </span>
      <span data-testid="status-device">{device ? `Board: ${device}` : 'No board connected'}</span>
      <span data-testid="status-work" aria-live="polite">
        {jobs.length === 0
          ? 'Idle'
          : jobs.map((j) => (
              <span key={j.id} className="status-job">
                {`${j.label}${j.fraction === null ? '…' : ` ${Math.round(j.fraction * 100)}%`}`}
                {j.cancellable && (
                  <button
                    type="button"
                    className="status-cancel"
                    data-testid="status-cancel"
                    title={`Stop: ${j.label}`}
                    onClick={() => void ipc.app.cancelWork({ id: j.id }).catch(() => {})}
                  >
                    Cancel
                  </button>
                )}
              </span>
            ))}
      </span>
    </footer>
  )
}
