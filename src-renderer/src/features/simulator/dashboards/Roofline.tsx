import { useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, axis } from '../Plot'
import { MultiCheck, Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import { PRECISIONS, type Precision } from '../../../../../src-preload/contract'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { logSpace, si, sig, tex, texSi } from '../units'
import { dot, ticks, vline, type DashProps } from './common'

const ID = 'roofline'
const defaults = { devices: ['h100-sxm', 'a100-80gb', 't4'] as string[], precision: 'fp16' as Precision, intensity: 20 }
const I_MIN = 0.01
const I_MAX = 1e4

export function RooflineDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const precision = p.precision
  const devices = useMemo(
    () =>
      p.devices
        .map((id) => catalog.accelerators.find((a) => a.id === id))
        .filter((a) => a && a.peakFlopsPerSecond[precision] !== undefined && a.memoryBandwidthBytesPerSecond !== undefined)
        .map((a) => ({ id: a!.id, name: a!.name, peak: a!.peakFlopsPerSecond[precision]!, bw: a!.memoryBandwidthBytesPerSecond! })),
    [p.devices, precision, catalog]
  )
  const bytesMoved = 1e9
  const calls = devices.map((d) =>
    simCall('roofline', { flops: p.intensity * bytesMoved, bytes: bytesMoved, peakFlops: d.peak, bandwidth: d.bw })
  )
  const { results, error } = useRuns(ID, calls.length ? calls : null)
  const answered = results && results.length === devices.length ? results : null
  const revealed = usePrediction(ID).revealed

  // The chart: each device's roofline over a fixed log grid (plus its ridge), one sweep per device. The grid does
  // not follow the workload point, so dragging it does not re-run the sweeps.
  const xs = useMemo(() => {
    const grid = new Set(logSpace(I_MIN, I_MAX, 161))
    for (const d of devices) grid.add(d.peak / d.bw)
    return [...grid].filter((x) => x >= I_MIN && x <= I_MAX).sort((a, b) => a - b)
  }, [devices])
  const lines = useRuns(
    `${ID}-lines`,
    devices.length ? devices.map((d) => sweepCall('roofline', { bytes: 1, peakFlops: d.peak, bandwidth: d.bw }, { flops: xs })) : null
  )
  const lineData = lines.results && lines.results.length === devices.length ? lines.results : null
  const data = useMemo(
    () =>
      [
        xs,
        ...devices.map((_, i) => {
          const pts = lineData?.[i]?.points
          return xs.map((_x, j) => (pts?.length === xs.length ? (pts[j]?.output?.attainableFlops ?? null) : null))
        })
      ] as uPlot.AlignedData,
    [xs, devices, lineData]
  )
  // Until the guess is revealed the first device's point at the workload (the number asked about) is not drawn.
  const live = useRef({ devices, intensity: p.intensity, answered, revealed, setIntensity: (v: number) => set('intensity', v) })
  live.current = { devices, intensity: p.intensity, answered, revealed, setIntensity: (v: number) => set('intensity', v) }

  const shape = `${devices.map((d) => d.id).join(',')}|${precision}`
  const first = devices[0]
  const firstResult = answered?.[0] ?? null

  const headlines: Headline[] = devices.map((d, i) => {
    const r = answered?.[i]
    return {
      id: `attainable-${i}`,
      label: `${d.name}: attainable`,
      value: r ? si(r.attainableFlops, 'FLOP/s') : '…',
      detail: r ? `${r.bound}-bound · ridge ${sig(r.ridge)} FLOP/byte · ${sig((r.attainableFlops / d.peak) * 100)} % of peak` : undefined,
      key: i === 0,
      tone: r ? (r.bound === 'memory' ? 'bad' : 'ok') : undefined
    }
  })
  headlines.unshift({ id: 'intensity', label: 'Workload intensity', value: `${sig(p.intensity)} FLOP/byte` })

  return (
    <DashFrame
      dashboard={ID}
      error={
        error ??
        lines.error ??
        (devices.length === 0 ? `Pick at least one device with a ${precision} figure and a memory bandwidth.` : null)
      }
      controls={
        <>
          <MultiCheck
            legend="Devices"
            values={p.devices}
            testId="roofline-devices"
            onChange={(v) => set('devices', v)}
            options={catalog.accelerators.map((a) => ({
              value: a.id,
              label: a.name,
              disabled: a.peakFlopsPerSecond[precision] === undefined || a.memoryBandwidthBytesPerSecond === undefined,
              note:
                a.memoryBandwidthBytesPerSecond === undefined
                  ? 'no bandwidth figure'
                  : a.peakFlopsPerSecond[precision] === undefined
                    ? `no ${precision} figure`
                    : undefined
            }))}
          />
          <Select
            label="Precision"
            value={precision}
            options={PRECISIONS.map((q) => ({ value: q, label: q }))}
            onChange={(v) => set('precision', v)}
            testId="roofline-precision"
          />
          <Slider
            label="Workload arithmetic intensity"
            unit="FLOP/byte"
            value={p.intensity}
            min={I_MIN}
            max={I_MAX}
            scale="log"
            onChange={(v) => set('intensity', v)}
            hint="Or drag on the chart. Decode of an LLM at batch 1 is ≈1 FLOP/byte; a big GEMM is hundreds."
            testId="roofline-intensity"
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label="Roofline: attainable FLOP/s against arithmetic intensity, log-log, one line per device"
          shape={shape}
          data={data}
          options={(theme) => ({
            scales: { x: { distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
            axes: [
              axis(theme, { label: 'Arithmetic intensity (FLOP/byte)', values: ticks((v) => sig(v, 2)) }),
              axis(theme, { label: 'Attainable FLOP/s', size: 96, values: ticks((v) => si(v, 'FLOP/s', 2)) })
            ],
            series: [
              { label: 'FLOP/byte', value: (_u, v) => (v == null ? '' : sig(v)) },
              ...live.current.devices.map((d, i) => ({
                label: d.name,
                stroke: theme.series[i % theme.series.length],
                width: 2,
                points: { show: false },
                value: (_u: uPlot, v: number | null) => (v == null ? '' : si(v, 'FLOP/s'))
              }))
            ],
            cursor: { drag: { x: false, y: false, setScale: false } },
            hooks: {
              draw: [
                (u) => {
                  const l = live.current
                  vline(u, l.intensity, theme.text, `workload ${sig(l.intensity)} FLOP/B`)
                  l.devices.forEach((d, i) => {
                    const c = theme.series[i % theme.series.length]!
                    dot(u, d.peak / d.bw, d.peak, c, 4, false)
                    const r = l.answered?.[i]
                    if (r && (i > 0 || l.revealed)) dot(u, l.intensity, r.attainableFlops, c, 5, true)
                  })
                }
              ],
              ready: [
                (u) => {
                  let dragging = false
                  const move = (e: MouseEvent) => {
                    const rect = u.over.getBoundingClientRect()
                    const v = u.posToVal(e.clientX - rect.left, 'x')
                    if (Number.isFinite(v)) live.current.setIntensity(Math.min(I_MAX, Math.max(I_MIN, Number(v.toPrecision(3)))))
                  }
                  u.over.addEventListener('mousedown', (e) => {
                    dragging = true
                    move(e)
                  })
                  u.over.addEventListener('mousemove', (e) => dragging && move(e))
                  window.addEventListener('mouseup', () => (dragging = false))
                  u.over.style.cursor = 'ew-resize'
                }
              ]
            }
          })}
        />
      }
      prediction={
        first
          ? {
              question: `At ${sig(p.intensity)} FLOP/byte in ${precision}, how many TFLOP/s can the ${first.name} actually reach?`,
              unit: 'TFLOP/s',
              factor: 1e12,
              actual: firstResult?.attainableFlops ?? null,
              request: calls[0]!,
              format: (v) => si(v, 'FLOP/s')
            }
          : null
      }
      math={
        <MathPanel
          lines={
            first
              ? [
                  `I = \\frac{\\text{FLOP}}{\\text{bytes moved}} = ${tex(p.intensity)}\\ \\text{FLOP/byte}`,
                  `I_{\\text{ridge}} = \\frac{P_{\\text{peak}}}{B} = \\frac{${texSi(first.peak, 'FLOP/s')}}{${texSi(first.bw, 'B/s')}} = ${tex(first.peak / first.bw)}\\ \\text{FLOP/byte}`,
                  `P_{\\text{att}} = \\min(P_{\\text{peak}},\\ I \\cdot B) = \\min(${texSi(first.peak, 'FLOP/s')},\\ ${tex(p.intensity)} \\times ${texSi(first.bw, 'B/s')}) = ${firstResult ? texSi(firstResult.attainableFlops, 'FLOP/s') : '\\ldots'}`
                ]
              : ['P_{\\text{att}} = \\min(P_{\\text{peak}},\\ I \\cdot B)']
          }
          notes={`Figures for the first selected device (${first?.name ?? 'none'}), from the catalog; peaks are dense datasheet figures. Left of the ridge a kernel is memory-bound; right of it, compute-bound.`}
        />
      }
    />
  )
}
