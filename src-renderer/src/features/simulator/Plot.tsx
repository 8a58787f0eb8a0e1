import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface Theme {
  dark: boolean
  text: string
  muted: string
  border: string
  panel: string
  accent: string
  ok: string
  bad: string
  /** Series colours readable on both the light and the dark panel. */
  series: string[]
}

const LIGHT_SERIES = ['#2f5fd0', '#d1701f', '#2e8f5b', '#c2407a', '#7a52c7', '#8a7a16', '#1f8fa8', '#6b6b6b']
const DARK_SERIES = ['#7aa2ff', '#ffab5e', '#5cc48a', '#ff7ab0', '#b394ff', '#e0cf5a', '#5ccfe6', '#b0b0b0']

function readTheme(): Theme {
  const css = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false
  return {
    dark,
    text: v('--text', '#1d1f21'),
    muted: v('--muted', '#5d6166'),
    border: v('--border', '#dcdcd6'),
    panel: v('--panel', '#ffffff'),
    accent: v('--accent', '#2f5fd0'),
    ok: v('--ok', '#2e8540'),
    bad: v('--bad', '#c0392b'),
    series: dark ? DARK_SERIES : LIGHT_SERIES
  }
}

/** The chart colours, re-read when the system switches between light and dark. */
export function useTheme(): Theme {
  const [theme, setTheme] = useState(readTheme)
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)')
    if (!mq) return
    const on = () => setTheme(readTheme())
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  return theme
}

/** Axis styling from the theme. */
export function axis(theme: Theme, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: theme.muted,
    grid: { stroke: theme.border, width: 1 },
    ticks: { stroke: theme.border, width: 1 },
    labelFont: '12px system-ui, sans-serif',
    font: '11px system-ui, sans-serif',
    ...extra
  }
}

/** Semi-transparent fill from a #rrggbb colour. */
export function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`
}

export interface PlotProps {
  /** Options without width/height; rebuilt (and the chart recreated) when `shape` or the theme changes. */
  options: (theme: Theme) => Omit<uPlot.Options, 'width' | 'height'>
  data: uPlot.AlignedData
  /** Changes when the series/scales change shape; data alone changing only calls setData. */
  shape: string
  height?: number
  label: string
  testId?: string
}

/** A uPlot chart that follows the container's width and the light/dark theme. */
export function Plot({ options, data, shape, height = 320, label, testId }: PlotProps) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const theme = useTheme()
  const optionsRef = useRef(options)
  optionsRef.current = options
  const dataRef = useRef(data)
  dataRef.current = data

  useEffect(() => {
    const el = host.current
    if (!el) return
    const width = Math.max(320, el.clientWidth)
    const opts = optionsRef.current(theme)
    // x is never a time axis here; give every chart a readable legend and the theme's text colour.
    opts.scales = { ...opts.scales, x: { time: false, ...opts.scales?.x } }
    const u = new uPlot({ ...opts, width, height }, dataRef.current, el)
    plot.current = u
    const ro = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth)
      if (Math.abs(w - u.width) > 2) u.setSize({ width: w, height })
    })
    ro.observe(el)
    return () => {
      ro.disconnect()
      u.destroy()
      plot.current = null
    }
  }, [shape, theme, height])

  // Every render: markers drawn by hooks and ranges read from the dashboard may have moved even when the data did not.
  // setData recomputes the scales and redraws; the series here are a few hundred points, so this is cheap.
  useEffect(() => {
    plot.current?.setData(data)
  })

  return <div className="sim-plot" ref={host} role="img" aria-label={label} data-testid={testId ?? 'sim-chart'} />
}

/**
 * Stacks series (bottom first) into running totals for drawing; the legend keeps showing each layer's own value.
 * Returns the cumulative arrays top-first, so taller layers are painted first and the lower ones over them.
 */
export function stackTopFirst(layers: (number | null)[][]): (number | null)[][] {
  const cum: (number | null)[][] = []
  let running: number[] = layers[0]?.map(() => 0) ?? []
  for (const layer of layers) {
    running = running.map((r, i) => r + (layer[i] ?? 0))
    cum.push([...running])
  }
  return cum.reverse()
}
