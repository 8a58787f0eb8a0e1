import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { SampleRing } from './sampleRing'

const LIGHT = ['#2f5fd0', '#d1701f', '#2e8f5b', '#c2407a', '#7a52c7', '#8a7a16', '#1f8fa8', '#6b6b6b']
const DARK = ['#7aa2ff', '#ffab5e', '#5cc48a', '#ff7ab0', '#b394ff', '#e0cf5a', '#5ccfe6', '#b0b0b0']

function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

function useDark(): boolean {
  const query = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false
  const [dark, setDark] = useState(query)
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)')
    if (!mq) return
    const on = () => setDark(query())
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  return dark
}

/**
 * A live uPlot chart of a SampleRing. It redraws on animation frames, only when the ring changed, so
 * samples arriving faster than the screen refreshes are all kept (in the ring) and drawn together.
 */
export function LivePlot({ ring, height = 300 }: { ring: SampleRing; height?: number }) {
  const host = useRef<HTMLDivElement>(null)
  const [names, setNames] = useState(ring.names.join(','))
  const [fps, setFps] = useState(0)
  const dark = useDark()

  useEffect(() => {
    const el = host.current
    if (!el) return
    const cols = names ? names.split(',') : []
    const palette = dark ? DARK : LIGHT
    const axis = {
      stroke: css('--muted', '#5d6166'),
      grid: { stroke: css('--border', '#dcdcd6'), width: 1 },
      ticks: { stroke: css('--border', '#dcdcd6'), width: 1 }
    }
    const u = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height,
        scales: { x: { time: false } },
        axes: [{ ...axis, label: 'sample' }, { ...axis }],
        series: [{ label: 'sample' }, ...cols.map((n, i) => ({ label: n, stroke: palette[i % palette.length], width: 1.5 }))],
        legend: { live: false }
      },
      ring.data() as uPlot.AlignedData,
      el
    )
    const ro = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth)
      if (Math.abs(w - u.width) > 2) u.setSize({ width: w, height })
    })
    ro.observe(el)
    let drawn = ring.version
    let frames = 0
    let windowStart = performance.now()
    let raf = requestAnimationFrame(function frame(now) {
      if (ring.names.join(',') !== names) {
        setNames(ring.names.join(','))
        return
      }
      if (ring.version !== drawn) {
        drawn = ring.version
        u.setData(ring.data() as uPlot.AlignedData)
        frames++
      }
      if (now - windowStart >= 1000) {
        setFps(Math.round((frames * 1000) / (now - windowStart)))
        frames = 0
        windowStart = now
      }
      raf = requestAnimationFrame(frame)
    })
    return () => {
      cancelAnimationFrame(raf)
      ro.disconnect()
      u.destroy()
    }
  }, [names, dark, height, ring])

  return (
    <div className="live-plot">
      <div
        ref={host}
        role="img"
        aria-label={names ? `Live plot of ${names.replaceAll(',', ', ')}` : 'Live plot (no samples yet)'}
        data-testid="live-plot"
      />
      <p className="muted small" data-testid="plot-fps" data-fps={fps}>
        {fps} redraws/s
      </p>
    </div>
  )
}
