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
          : jobs.map((j) => `${j.label}${j.fraction === null ? '…' : ` ${Math.round(j.fraction * 100)}%`}`).join(' · ')}
      </span>
    </footer>
  )
}
