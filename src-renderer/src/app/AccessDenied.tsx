import { ACCESS_DENIED_MESSAGE } from '../ipc/transport'

/**
 * The whole window when the local web host refuses this address's token: the app cannot do anything until the
 * learner opens the address the host printed (a new one at each launch), so nothing else is shown.
 */
export function AccessDenied() {
  return (
    <main className="access-denied" data-testid="access-denied">
      <div className="access-denied-box" role="alert">
        <h1>Open the address printed in the terminal</h1>
        <p>{ACCESS_DENIED_MESSAGE}.</p>
        <p className="muted">
          The workstation serves this computer only, and each launch prints its own address, like{' '}
          <code>http://127.0.0.1:PORT/?token=…</code>. Copy that whole line from the terminal where you ran <code>npm start</code> into the
          address bar. If the workstation was restarted, its address changed.
        </p>
      </div>
    </main>
  )
}
