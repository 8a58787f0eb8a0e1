import { useEffect, useMemo, useRef, useState } from 'react'
import { type LineEnding, useDevices } from './devicesStore'

function clock(t: number): string {
  const d = new Date(t)
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** The text console: what the board prints, a send box, and pause / clear / save. */
export function MonitorPanel() {
  const session = useDevices((s) => s.session)
  const lines = useDevices((s) => s.lines)
  const lineCount = useDevices((s) => s.lineCount)
  const timestamps = useDevices((s) => s.timestamps)
  const setTimestamps = useDevices((s) => s.setTimestamps)
  const paused = useDevices((s) => s.paused)
  const setPaused = useDevices((s) => s.setPaused)
  const lineEnding = useDevices((s) => s.lineEnding)
  const setLineEnding = useDevices((s) => s.setLineEnding)
  const send = useDevices((s) => s.send)
  const clear = useDevices((s) => s.clear)
  const save = useDevices((s) => s.save)
  const [text, setText] = useState('')
  const [savedTo, setSavedTo] = useState<string | null>(null)
  const view = useRef<HTMLPreElement>(null)
  const shown = useMemo(() => lines.map((l) => (timestamps ? `${clock(l.t)}  ${l.text}` : l.text)).join('\n'), [lines, timestamps])

  useEffect(() => {
    const el = view.current
    if (el && !paused) el.scrollTop = el.scrollHeight
  }, [shown, paused])

  return (
    <section className="monitor" aria-label="Serial monitor">
      <div className="toolbar">
        <label className="inline-field">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} data-testid="timestamps" />
          <span>Timestamps</span>
        </label>
        <button type="button" className="button small" aria-pressed={paused} onClick={() => setPaused(!paused)} data-testid="pause">
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="button small" onClick={() => void clear()} disabled={!session} data-testid="clear">
          Clear
        </button>
        <button
          type="button"
          className="button small"
          disabled={!session}
          onClick={async () => setSavedTo(await save())}
          data-testid="save-log"
        >
          Save…
        </button>
        <span className="muted small" data-testid="line-count">
          {lineCount} lines
        </span>
      </div>
      {savedTo ? (
        <p className="notice small" data-testid="saved-to">
          Saved to {savedTo}
        </p>
      ) : null}
      {/* A scrollable log: focusable so the keyboard can scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable from the keyboard */}
      <pre className="console" ref={view} tabIndex={0} role="log" aria-label="Board output" aria-live="off" data-testid="console">
        {session ? shown || 'Waiting for the board to print something…' : 'Open a port to see what the board prints.'}
      </pre>
      <form
        className="send-row"
        onSubmit={(e) => {
          e.preventDefault()
          void send(text)
          setText('')
        }}
      >
        <input
          type="text"
          value={text}
          maxLength={4096}
          onChange={(e) => setText(e.target.value)}
          placeholder={session ? 'Send to the board (e.g. gesture tilt on a virtual board)' : 'Open a port first'}
          disabled={!session}
          aria-label="Text to send"
          data-testid="send-text"
        />
        <select
          value={lineEnding}
          onChange={(e) => setLineEnding(e.target.value as LineEnding)}
          aria-label="Line ending"
          data-testid="line-ending"
        >
          <option value="none">No line ending</option>
          <option value="lf">Newline (LF)</option>
          <option value="cr">Carriage return (CR)</option>
          <option value="crlf">Both (CR LF)</option>
        </select>
        <button type="submit" className="button" disabled={!session} data-testid="send">
          Send
        </button>
      </form>
    </section>
  )
}
