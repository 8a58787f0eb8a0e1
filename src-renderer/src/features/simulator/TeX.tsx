import katex from 'katex'
import 'katex/dist/katex.min.css'
import { createContext, useContext, useMemo, useState } from 'react'
import { usePrediction } from './simStore'

/** The dashboard a math panel belongs to (provided by DashFrame), to warn before it spoils the prediction. */
export const DashboardContext = createContext<string>('')

/** One formula rendered by KaTeX (no scripts: plain HTML and the bundled fonts). */
export function TeX({ expr, block = true }: { expr: string; block?: boolean }) {
  const html = useMemo(() => katex.renderToString(expr, { throwOnError: false, displayMode: block, output: 'html' }), [expr, block])
  // KaTeX output with trust off: plain HTML and the bundled fonts, no scripts or links.
  return block ? (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output (see above)
    <div className="sim-tex" dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output (see above)
    <span dangerouslySetInnerHTML={{ __html: html }} />
  )
}

/** The "Show the math" panel: each line is a formula with the current numbers filled in. */
export function MathPanel({ lines, notes }: { lines: string[]; notes?: string }) {
  const dashboard = useContext(DashboardContext)
  const prediction = usePrediction(dashboard)
  // KaTeX runs only while the panel is open: a closed panel costs nothing while a slider is dragged.
  const [open, setOpen] = useState(false)
  return (
    <details className="sim-math card" data-testid="sim-math" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        Show the math{' '}
        {dashboard && !prediction.revealed ? <span className="muted small">(it contains the answer: predict first)</span> : null}
      </summary>
      {open ? lines.map((l, i) => <TeX key={i} expr={l} />) : null}
      {open && notes ? <p className="muted small">{notes}</p> : null}
    </details>
  )
}
