import { useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, axis } from '../Plot'
import { Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { bytes, logSpace, seconds, si, tex, texSeconds, texSi } from '../units'
import { dot, maskedValue, ticks, vline, type DashProps } from './common'

const ID = 'collectives'
const GRID = logSpace(1e3, 1e10, 43)
const defaults = { ranks: 64, gpusPerNode: 8, intraFabric: 'nvlink4', interFabric: 'ib-ndr', bytes: 100e6 }
const ALGOS = ['Ring', 'Tree', 'Hierarchical'] as const

export function CollectivesDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const intra = catalog.fabrics.find((f) => f.id === p.intraFabric)
  const inter = catalog.fabrics.find((f) => f.id === p.interFabric)
  const g = Math.min(p.gpusPerNode, p.ranks)
  const nodes = Math.ceil(p.ranks / g)
  const flat = p.ranks <= p.gpusPerNode ? intra : inter
  const xs = useMemo(() => [...new Set([...GRID, p.bytes])].sort((a, b) => a - b), [p.bytes])
  const flatBase = flat ? { ranks: p.ranks, bandwidth: flat.bandwidthBytesPerSecond, latency: flat.latencySeconds } : null
  const calls =
    intra && inter && flatBase
      ? ([
          sweepCall('ringAllReduce', flatBase, { bytes: xs }),
          sweepCall('treeAllReduce', flatBase, { bytes: xs }),
          sweepCall(
            'hierarchicalAllReduce',
            {
              nodes,
              gpusPerNode: g,
              intraBandwidth: intra.bandwidthBytesPerSecond,
              interBandwidth: inter.bandwidthBytesPerSecond,
              intraLatency: intra.latencySeconds,
              interLatency: inter.latencySeconds
            },
            { bytes: xs }
          )
        ] as const)
      : null
  const { results, error } = useRuns(ID, calls)
  const revealed = usePrediction(ID).revealed
  const series = (results ?? [null, null, null]).map((r) => {
    const pts = r?.points
    return pts && pts.length === xs.length
      ? pts.map((pt) => (typeof pt.output === 'number' && pt.output > 0 ? pt.output : null))
      : xs.map(() => null)
  })
  const at = xs.indexOf(p.bytes)
  const now = series.map((s) => s[at] ?? null)
  const best = now.every((v) => v !== null) ? ALGOS[now.indexOf(Math.min(...(now as number[])))] : null
  // Smallest message size where ring beats tree.
  const crossIdx = series[0]!.findIndex((r, i) => r !== null && series[1]![i] !== null && r < series[1]![i]!)
  const data = useMemo(() => [xs, ...series] as uPlot.AlignedData, [results, xs])
  // Until the guess is revealed the ring's time at this size is neither marked on the chart nor in its legend.
  const live = useRef({ bytes: p.bytes, now, hiddenIndex: revealed ? null : at })
  live.current = { bytes: p.bytes, now, hiddenIndex: revealed ? null : at }

  const headlines: Headline[] = [
    { id: 'ring', label: `Ring all-reduce of ${bytes(p.bytes)}`, value: now[0] !== null ? seconds(now[0]!) : '…', key: true },
    { id: 'tree', label: 'Tree all-reduce', value: now[1] !== null ? seconds(now[1]!) : '…' },
    { id: 'hier', label: 'Hierarchical all-reduce', value: now[2] !== null ? seconds(now[2]!) : '…' },
    { id: 'best', label: 'Fastest here', value: best ?? '…', tone: 'ok' },
    { id: 'cross', label: 'Ring beats tree from', value: crossIdx >= 0 ? bytes(xs[crossIdx]!) : 'never in range' },
    { id: 'busbw', label: 'Ring algorithm bandwidth', value: now[0] ? si(p.bytes / now[0], 'B/s') : '…', spoils: true }
  ]

  return (
    <DashFrame
      dashboard={ID}
      error={error}
      controls={
        <>
          <Slider
            label="Ranks (GPUs)"
            value={p.ranks}
            min={2}
            max={16384}
            scale="pow2"
            onChange={(v) => set('ranks', v)}
            testId="collectives-ranks"
          />
          <Slider label="GPUs per node" value={p.gpusPerNode} min={1} max={16} scale="pow2" onChange={(v) => set('gpusPerNode', v)} />
          <Select
            label="Intra-node fabric"
            value={p.intraFabric}
            options={catalog.fabrics
              .filter((f) => f.scope === 'intra-node')
              .map((f) => ({ value: f.id, label: `${f.name} — ${si(f.bandwidthBytesPerSecond, 'B/s')}` }))}
            onChange={(v) => set('intraFabric', v)}
          />
          <Select
            label="Inter-node fabric"
            value={p.interFabric}
            options={catalog.fabrics
              .filter((f) => f.scope === 'inter-node')
              .map((f) => ({ value: f.id, label: `${f.name} — ${si(f.bandwidthBytesPerSecond, 'B/s')}` }))}
            onChange={(v) => set('interFabric', v)}
          />
          <Slider
            label="Message size"
            unit="MB"
            factor={1e6}
            value={p.bytes}
            min={1e3}
            max={1e10}
            scale="log"
            onChange={(v) => set('bytes', v)}
            testId="collectives-bytes"
            hint="A 7B model's bf16 gradients are ≈ 14 000 MB."
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label="All-reduce time against message size for ring, tree and hierarchical algorithms, log-log"
          shape="c"
          data={data}
          options={(theme) => ({
            scales: { x: { distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
            axes: [
              axis(theme, { label: 'Message size (bytes, decimal)', values: ticks((v) => bytes(v)) }),
              axis(theme, { label: 'Time', size: 70, values: ticks(seconds) })
            ],
            series: [
              { label: 'size', value: (_u, v) => (v == null ? '' : bytes(v)) },
              ...ALGOS.map((a, i) => ({
                label: a,
                stroke: theme.series[i],
                width: 2,
                value:
                  i === 0
                    ? maskedValue(seconds, () => live.current.hiddenIndex)
                    : (_u: uPlot, v: number | null) => (v == null ? '' : seconds(v))
              }))
            ],
            hooks: {
              draw: [
                (u) => {
                  const l = live.current
                  vline(u, l.bytes, theme.text, bytes(l.bytes), [2, 3])
                  for (const [i, v] of l.now.entries())
                    if (v !== null && !(i === 0 && l.hiddenIndex !== null)) dot(u, l.bytes, v, theme.series[i]!, 5)
                }
              ]
            }
          })}
        />
      }
      prediction={{
        question: `How long does a ring all-reduce of ${bytes(p.bytes)} over ${p.ranks} GPUs take on ${flat?.name ?? '?'}?`,
        unit: 'ms',
        factor: 1e-3,
        actual: now[0],
        request: simCall('ringAllReduce', {
          bytes: p.bytes,
          ranks: p.ranks,
          bandwidth: flat?.bandwidthBytesPerSecond ?? 1,
          latency: flat?.latencySeconds ?? 0
        }),
        format: seconds
      }}
      math={
        <MathPanel
          lines={
            flat && intra && inter
              ? [
                  `T_{\\text{ring}} = 2\\frac{N-1}{N}\\frac{M}{\\beta} + 2(N-1)\\alpha = 2\\cdot\\frac{${p.ranks - 1}}{${p.ranks}}\\cdot\\frac{${texSi(p.bytes, 'B')}}{${texSi(flat.bandwidthBytesPerSecond, 'B/s')}} + 2 \\cdot ${p.ranks - 1} \\cdot ${texSeconds(flat.latencySeconds)} = ${now[0] !== null ? texSeconds(now[0]) : '\\ldots'}`,
                  `T_{\\text{tree}} = 2\\lceil\\log_2 N\\rceil\\left(\\frac{M}{\\beta} + \\alpha\\right) = 2 \\cdot ${Math.ceil(Math.log2(p.ranks))} \\cdot \\left(\\frac{${texSi(p.bytes, 'B')}}{${texSi(flat.bandwidthBytesPerSecond, 'B/s')}} + ${texSeconds(flat.latencySeconds)}\\right) = ${now[1] !== null ? texSeconds(now[1]) : '\\ldots'}`,
                  `T_{\\text{hier}} = 2\\left[\\frac{g-1}{g}\\frac{M}{\\beta_{intra}} + (g-1)\\alpha_{intra}\\right] + T_{\\text{ring}}\\left(\\frac{M}{g}, n, \\beta_{inter}\\right),\\ g = ${g},\\ n = ${nodes} \\Rightarrow ${now[2] !== null ? texSeconds(now[2]) : '\\ldots'}`
                ]
              : ['T_{\\text{ring}} = 2\\frac{N-1}{N}\\frac{M}{\\beta} + 2(N-1)\\alpha']
          }
          notes={`Flat ring and tree run over the slowest link they cross (${flat?.name ?? '?'}: β = ${flat ? si(flat.bandwidthBytesPerSecond, 'B/s') : '?'}, α = ${flat ? seconds(flat.latencySeconds) : '?'}). The tree here is the simple reduce-then-broadcast model (${tex(2 * Math.ceil(Math.log2(p.ranks)))} full-message hops), so ring wins for large messages and tree for small, latency-bound ones.`}
        />
      }
    />
  )
}
