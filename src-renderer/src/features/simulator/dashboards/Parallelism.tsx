import { useMemo, useRef } from 'react'
import uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, alpha, axis, stackTopFirst, useTheme } from '../Plot'
import { Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import type { SimParams } from '../../../../../src-preload/contract'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { bytes, percent, pow2Range, seconds, si, tex, texSeconds, texSi } from '../units'
import { categoryAxisValues, llmOptions, ticks, vline, type DashProps } from './common'

const ID = 'parallelism'
const MICROBATCHES = pow2Range(1, 256)
const defaults = {
  model: 'llama3-70b',
  cluster: 'h100-32node-ndr',
  dataParallel: 8,
  tensorParallel: 8,
  pipelineParallel: 4,
  virtualStages: 1,
  microBatch: 1,
  microbatches: 8,
  efficiency: 0.5,
  dpOverlap: 0.5
}

const PARTS = ['computeSeconds', 'bubbleSeconds', 'tensorParallelSeconds', 'dataParallelExposedSeconds'] as const
const PART_NAMES = ['Compute', 'Pipeline bubble', 'TP all-reduces', 'DP all-reduce (exposed)']

export function ParallelismDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const cluster = catalog.clusters.find((c) => c.id === p.cluster)
  const model = catalog.models.find((m) => m.id === p.model)
  const base: SimParams<'parallelStep'> = {
    model: p.model,
    cluster: p.cluster,
    dataParallel: p.dataParallel,
    tensorParallel: p.tensorParallel,
    pipelineParallel: p.pipelineParallel,
    virtualStages: p.virtualStages,
    microBatch: p.microBatch,
    microbatches: p.microbatches,
    efficiency: p.efficiency,
    dpOverlap: p.dpOverlap
  }
  const { microbatches: _m, ...sweepBase } = base
  const current = simCall('parallelStep', base)
  const { results, error } = useRuns(ID, [current, sweepCall('parallelStep', sweepBase, { microbatches: MICROBATCHES })])
  const cur = results?.[0] ?? null
  const pts = results?.[1].points ?? null
  const revealed = usePrediction(ID).revealed

  const raw = useMemo(
    () =>
      PARTS.map((k) =>
        MICROBATCHES.map((_, i) => {
          const o = pts?.[i]?.output
          return o ? o[k] / o.stepSeconds : null
        })
      ),
    [pts]
  )
  const secs = useMemo(() => PARTS.map((k) => MICROBATCHES.map((_, i) => pts?.[i]?.output?.[k] ?? null)), [pts])
  const data = useMemo(() => [MICROBATCHES.map((_, i) => i), ...stackTopFirst(raw)] as uPlot.AlignedData, [raw])
  // Until the guess is revealed the legend shows no seconds for the current microbatch count (they add up to the answer).
  const idx = MICROBATCHES.indexOf(p.microbatches)
  const live = useRef({ secs, raw, idx, hiddenIndex: revealed ? null : idx })
  live.current = { secs, raw, idx, hiddenIndex: revealed ? null : idx }

  const peak = catalog.accelerators.find((a) => a.id === cluster?.accelerator)?.peakFlopsPerSecond.bf16 ?? NaN
  const totalGpus = cluster ? cluster.nodes * cluster.acceleratorsPerNode : Infinity
  const headlines: Headline[] = [
    { id: 'step', label: 'Step time', value: cur ? seconds(cur.stepSeconds) : '…', key: true },
    {
      id: 'efficiency',
      label: 'Scaling efficiency (compute / step)',
      value: cur ? percent(cur.scalingEfficiency) : '…',
      tone: cur ? (cur.scalingEfficiency > 0.8 ? 'ok' : 'bad') : undefined
    },
    {
      id: 'bubble',
      label: 'Pipeline bubble',
      value: cur ? percent(cur.bubbleFraction) : '…',
      detail: cur ? seconds(cur.bubbleSeconds) : undefined
    },
    { id: 'mfu', label: 'MFU', value: cur ? percent(cur.mfu) : '…' },
    { id: 'tps', label: 'Throughput', value: cur ? si(cur.tokensPerSecond, 'tokens/s') : '…' },
    {
      id: 'devices',
      label: 'Devices used',
      value: cur ? `${cur.devices} of ${totalGpus}` : `${p.dataParallel * p.tensorParallel * p.pipelineParallel} of ${totalGpus}`,
      detail: cur ? `${cur.nodes} nodes · global batch ${cur.globalBatch}` : undefined
    }
  ]

  return (
    <DashFrame
      dashboard={ID}
      error={error}
      controls={
        <>
          <Select label="Model" value={p.model} options={llmOptions(catalog)} onChange={(v) => set('model', v)} />
          <Select
            label="Cluster"
            value={p.cluster}
            options={catalog.clusters.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(v) => set('cluster', v)}
          />
          <Slider
            label="Data parallel (DP)"
            value={p.dataParallel}
            min={1}
            max={1024}
            scale="pow2"
            onChange={(v) => set('dataParallel', v)}
            testId="parallelism-dp"
          />
          <Slider
            label="Tensor parallel (TP)"
            value={p.tensorParallel}
            min={1}
            max={64}
            scale="pow2"
            onChange={(v) => set('tensorParallel', v)}
            hint="TP up to a node's GPU count stays on NVLink."
          />
          <Slider
            label="Pipeline stages (PP)"
            value={p.pipelineParallel}
            min={1}
            max={64}
            scale="pow2"
            onChange={(v) => set('pipelineParallel', v)}
            testId="parallelism-pp"
          />
          <Slider
            label="Microbatches per step (m)"
            value={p.microbatches}
            min={1}
            max={256}
            scale="pow2"
            onChange={(v) => set('microbatches', v)}
            testId="parallelism-m"
          />
          <Slider
            label="Interleaved virtual stages (v)"
            value={p.virtualStages}
            min={1}
            max={8}
            integer
            onChange={(v) => set('virtualStages', v)}
          />
          <Slider
            label="Micro-batch size"
            unit="sequences"
            value={p.microBatch}
            min={1}
            max={32}
            scale="pow2"
            onChange={(v) => set('microBatch', v)}
          />
          <Slider
            label="Kernel efficiency"
            unit="% of peak"
            factor={0.01}
            value={p.efficiency}
            min={0.05}
            max={1}
            step={0.01}
            onChange={(v) => set('efficiency', v)}
          />
          <Slider
            label="DP all-reduce hidden behind backward"
            unit="%"
            factor={0.01}
            value={p.dpOverlap}
            min={0}
            max={1}
            step={0.01}
            onChange={(v) => set('dpOverlap', v)}
          />
        </>
      }
      headlines={headlines}
      chart={
        <>
          <h3>Share of step time vs microbatches per step</h3>
          <Plot
            label="Stacked share of step time: compute, pipeline bubble, tensor-parallel and data-parallel communication, against microbatches"
            shape="share"
            data={data}
            options={(theme) => {
              const colors = [theme.series[2]!, theme.series[3]!, theme.series[0]!, theme.series[1]!]
              const bars = uPlot.paths.bars!({ size: [0.7, 60] })
              return {
                scales: { x: { time: false, range: [-0.6, MICROBATCHES.length - 0.4] }, y: { range: [0, 1] } },
                axes: [
                  axis(theme, {
                    label: 'Microbatches per step (m)',
                    values: categoryAxisValues(MICROBATCHES.map(String)),
                    splits: () => MICROBATCHES.map((_, i) => i)
                  }),
                  axis(theme, { label: 'Share of step time', size: 60, values: ticks((v) => `${Math.round(v * 100)} %`) })
                ],
                series: [
                  { label: 'm', value: (_u, v) => (v == null ? '' : String(MICROBATCHES[v] ?? '')) },
                  ...[3, 2, 1, 0].map((k) => ({
                    label: PART_NAMES[k],
                    stroke: colors[k],
                    fill: alpha(colors[k]!, 0.85),
                    paths: bars,
                    points: { show: false },
                    value: (_u: uPlot, _v: number | null, _s: number, di: number | null) => {
                      const s = di == null ? null : live.current.secs[k]?.[di]
                      const r = di == null ? null : live.current.raw[k]?.[di]
                      if (s == null || r == null) return ''
                      return di === live.current.hiddenIndex ? `? (${percent(r, 2)})` : `${seconds(s)} (${percent(r, 2)})`
                    }
                  }))
                ],
                hooks: { draw: [(u) => live.current.idx >= 0 && vline(u, live.current.idx, theme.text, 'current', [2, 3])] }
              }
            }}
          />
          <h3>Pipeline schedule (GPipe-style: all forwards, then all backwards)</h3>
          <Gantt stages={p.pipelineParallel} microbatches={p.microbatches} />
        </>
      }
      prediction={{
        question: `DP ${p.dataParallel} × TP ${p.tensorParallel} × PP ${p.pipelineParallel} on ${cluster?.name ?? p.cluster} with m = ${p.microbatches}: how long is one training step of ${model?.name ?? p.model}?`,
        unit: 's',
        factor: 1,
        actual: cur?.stepSeconds ?? null,
        request: current,
        format: seconds
      }}
      math={
        <MathPanel
          lines={
            cur
              ? [
                  `t_{\\text{compute}} = \\frac{6 P \\cdot \\text{tokens}}{N \\cdot \\eta P_{peak}} = \\frac{${tex(cur.totalFlops)}}{${cur.devices} \\times ${tex(p.efficiency)} \\times ${texSi(peak, 'FLOP/s')}} = ${texSeconds(cur.computeSeconds)}`,
                  `f_{\\text{bubble}} = \\frac{p - 1}{v\\,m + p - 1} = \\frac{${p.pipelineParallel} - 1}{${p.virtualStages} \\times ${cur.microbatches} + ${p.pipelineParallel} - 1} = ${tex(cur.bubbleFraction)},\\quad t_{\\text{bubble}} = t_{\\text{compute}} \\frac{f}{1-f} = ${texSeconds(cur.bubbleSeconds)}`,
                  `t_{TP} = 4 \\cdot \\frac{L}{p} \\cdot m \\cdot \\text{ring}(${texSi(cur.tensorParallelBytesPerAllReduce, 'B')}, t) = ${cur.tensorParallelAllReduces} \\times \\ldots = ${texSeconds(cur.tensorParallelSeconds)}`,
                  `t_{DP} = \\text{allreduce}\\left(\\frac{P}{t\\,p}\\cdot s = ${texSi(cur.dataParallelBytes, 'B')}\\right) \\cdot (1 - ${tex(p.dpOverlap)}) = ${texSeconds(cur.dataParallelExposedSeconds)}`,
                  `t_{\\text{step}} = t_{\\text{compute}} + t_{\\text{bubble}} + t_{TP} + t_{DP} = ${texSeconds(cur.stepSeconds)}`
                ]
              : ['t_{\\text{step}} = t_{\\text{compute}} + t_{\\text{bubble}} + t_{TP} + t_{DP}']
          }
          notes={`Layout: TP innermost (inside a node when it fits), then DP, PP outermost. DP gradient shard per device ${cur ? bytes(cur.dataParallelBytes) : '…'}.`}
        />
      }
    />
  )
}

/** A diagram of p stages × m microbatches: forward (1 unit) then backward (2 units); idle slots are the bubble. */
function Gantt({ stages, microbatches }: { stages: number; microbatches: number }) {
  const theme = useTheme()
  const p = Math.min(stages, 16)
  const m = Math.min(microbatches, 24)
  const total = 3 * (m + p - 1)
  const W = 900
  const rowH = Math.max(14, Math.min(30, 300 / p))
  const left = 64
  const unit = (W - left - 8) / total
  const H = p * rowH + 30
  const cells: { x: number; y: number; w: number; kind: 'f' | 'b'; mb: number }[] = []
  for (let s = 0; s < p; s++) {
    for (let j = 0; j < m; j++) {
      cells.push({ x: s + j, y: s, w: 1, kind: 'f', mb: j })
      cells.push({ x: m + p - 1 + 2 * (p - 1 - s + j), y: s, w: 2, kind: 'b', mb: j })
    }
  }
  const bubble = (p - 1) / (m + p - 1)
  return (
    <figure style={{ margin: '4px 8px' }}>
      <svg
        className="sim-gantt"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Pipeline schedule: ${p} stages, ${m} microbatches, bubble ${(bubble * 100).toFixed(1)} % of the step`}
        data-testid="sim-gantt"
      >
        {Array.from({ length: p }, (_, s) => (
          <g key={s}>
            <rect
              x={left}
              y={s * rowH + 2}
              width={total * unit}
              height={rowH - 3}
              fill={alpha(theme.bad.startsWith('#') ? theme.bad : '#c0392b', 0.12)}
            />
            <text x={4} y={s * rowH + rowH * 0.7}>
              stage {s + 1}
            </text>
          </g>
        ))}
        {cells.map((c, i) => (
          <rect
            key={i}
            x={left + c.x * unit}
            y={c.y * rowH + 2}
            width={Math.max(1, c.w * unit - 1)}
            height={rowH - 3}
            fill={c.kind === 'f' ? theme.series[0] : theme.series[1]}
            opacity={0.55 + 0.45 * ((c.mb % 4) / 3)}
          >
            <title>{`stage ${c.y + 1}, microbatch ${c.mb + 1}, ${c.kind === 'f' ? 'forward' : 'backward'}`}</title>
          </rect>
        ))}
        <text x={left} y={H - 6}>
          time → ({total} units; forward = 1, backward = 2) · pale red = idle: {(bubble * 100).toFixed(1)} % of this drawn schedule
        </text>
      </svg>
      {stages > p || microbatches > m ? (
        <figcaption className="sim-hint">
          Showing {p} of {stages} stages and {m} of {microbatches} microbatches.
        </figcaption>
      ) : null}
      <div className="sim-legend-inline">
        <span>
          <span className="sim-swatch" style={{ background: theme.series[0] }} />
          forward
        </span>
        <span>
          <span className="sim-swatch" style={{ background: theme.series[1] }} />
          backward
        </span>
      </div>
    </figure>
  )
}
