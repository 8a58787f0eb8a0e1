import { useMemo, useRef } from 'react'
import uPlot from 'uplot'
import type { Precision } from '../../../../../src-preload/contract'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, alpha, axis, stackTopFirst } from '../Plot'
import { Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { percent, pow2Range, seconds, si, sig, tex, texSeconds, texSi } from '../units'
import {
  categoryAxisValues,
  questionMark,
  withoutColumn,
  maskedValue,
  accelOptions,
  precisionOptions,
  ticks,
  usablePrecision,
  vline,
  type DashProps
} from './common'

const ID = 'batch'
const BATCHES = pow2Range(1, 2048)
const defaults = {
  model: 'llama3-8b',
  accelerator: 'h100-sxm',
  precision: 'bf16' as Precision,
  batch: 8,
  contextTokens: 0,
  efficiency: 0.8,
  bandwidthEfficiency: 0.9,
  overheadSeconds: 20e-6
}

export function BatchDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const acc = catalog.accelerators.find((a) => a.id === p.accelerator)
  const model = catalog.models.find((m) => m.id === p.model)
  const precision = usablePrecision(acc, p.precision)
  const isLlm = model?.kind === 'llm'
  const base = {
    model: p.model,
    accelerator: p.accelerator,
    precision,
    efficiency: p.efficiency,
    bandwidthEfficiency: p.bandwidthEfficiency,
    overheadSeconds: p.overheadSeconds,
    ...(isLlm ? { contextTokens: p.contextTokens } : {})
  }
  const { results, error } = useRuns(ID, [sweepCall('inferenceLatency', base, { batch: BATCHES })])
  const points = results?.[0].points ?? null
  const revealed = usePrediction(ID).revealed
  const steps = BATCHES.map((_, i) => points?.[i]?.output ?? null)
  const pointError = points?.find((pt) => pt.error)?.error ?? null
  const cur = steps[BATCHES.indexOf(p.batch)] ?? null
  const flipIndex = steps.findIndex((s) => s?.bound === 'compute')
  const flipBatch = flipIndex >= 0 ? BATCHES[flipIndex]! : null
  const unit = isLlm ? 'token' : 'sample'

  const raw = useMemo(() => {
    const overlapped = steps.map((s) => (s ? Math.min(s.computeSeconds, s.memorySeconds) : null))
    const exposedMem = steps.map((s) => (s ? Math.max(0, s.memorySeconds - s.computeSeconds) : null))
    const exposedCompute = steps.map((s) => (s ? Math.max(0, s.computeSeconds - s.memorySeconds) : null))
    const overhead = steps.map((s) => (s ? s.overheadSeconds : null))
    return [overlapped, exposedMem, exposedCompute, overhead]
  }, [points])
  const data = useMemo(() => {
    const stacked = stackTopFirst(raw)
    return [
      BATCHES.map((_, i) => i),
      ...stacked,
      steps.map((s) => s?.computeSeconds ?? null),
      steps.map((s) => s?.memorySeconds ?? null)
    ] as uPlot.AlignedData
  }, [raw])
  // Until the guess is revealed the legend shows no values at the batch the prediction asks about.
  const live = useRef({ raw, batchIndex: BATCHES.indexOf(p.batch), flipIndex, hiddenIndex: revealed ? null : BATCHES.indexOf(p.batch) })
  live.current = { raw, batchIndex: BATCHES.indexOf(p.batch), flipIndex, hiddenIndex: revealed ? null : BATCHES.indexOf(p.batch) }
  const hiddenAt = () => live.current.hiddenIndex

  const headlines: Headline[] = [
    {
      id: 'latency',
      label: `Latency at batch ${p.batch}`,
      value: cur ? seconds(cur.latencySeconds) : '…',
      key: true,
      detail: cur ? `${cur.bound}-bound` : undefined,
      tone: cur ? (cur.bound === 'memory' ? 'bad' : 'ok') : undefined
    },
    // items per second is batch / latency: it gives the answer away
    { id: 'throughput', label: 'Throughput', value: cur ? `${si(cur.throughput, `${unit}s/s`)}` : '…', spoils: true },
    { id: 'mfu', label: 'MFU (FLOP/s used / peak)', value: cur ? percent(cur.mfu) : '…' },
    {
      id: 'flip',
      label: 'Bottleneck flips to compute at',
      value: flipBatch ? `batch ${flipBatch}` : `not below ${BATCHES[BATCHES.length - 1]}`
    },
    {
      id: 'energy',
      label: `Energy per ${unit}`,
      value: cur && cur.energyJoules !== null ? si(cur.energyJoules / (cur.throughput * cur.latencySeconds), 'J') : 'no power figure'
    }
  ]

  const layerNames = ['Overlapped (compute ∥ memory)', 'Exposed memory', 'Exposed compute', 'Fixed overhead']
  const recordRequest = simCall('inferenceLatency', { ...base, batch: p.batch })

  return (
    <DashFrame
      dashboard={ID}
      error={error ?? pointError}
      controls={
        <>
          <Select
            label="Model"
            value={p.model}
            options={catalog.models.map((m) => ({ value: m.id, label: m.name }))}
            onChange={(v) => set('model', v)}
            testId="batch-model"
          />
          <Select
            label="Device"
            value={p.accelerator}
            options={accelOptions(catalog, (a) => Boolean(a.memoryBandwidthBytesPerSecond))}
            onChange={(v) => set('accelerator', v)}
          />
          <Select label="Precision" value={precision} options={precisionOptions(acc)} onChange={(v) => set('precision', v)} />
          <Slider
            label="Batch size"
            value={p.batch}
            min={1}
            max={2048}
            scale="pow2"
            onChange={(v) => set('batch', v)}
            testId="batch-batch"
          />
          {isLlm ? (
            <Slider
              label="Context already in the KV cache"
              unit="tokens"
              value={p.contextTokens}
              min={0}
              max={model?.seqLen ?? 8192}
              integer
              step={64}
              onChange={(v) => set('contextTokens', v)}
              hint="Decode step: one new token per sequence, reading weights + each sequence's KV cache."
            />
          ) : null}
          <Slider
            label="Compute efficiency"
            unit="% of peak"
            factor={0.01}
            value={p.efficiency}
            min={0.05}
            max={1}
            step={0.01}
            onChange={(v) => set('efficiency', v)}
          />
          <Slider
            label="Bandwidth efficiency"
            unit="% of peak"
            factor={0.01}
            value={p.bandwidthEfficiency}
            min={0.05}
            max={1}
            step={0.01}
            onChange={(v) => set('bandwidthEfficiency', v)}
          />
          <Slider
            label="Fixed overhead per pass"
            unit="µs"
            factor={1e-6}
            value={p.overheadSeconds}
            min={0}
            max={1e-3}
            step={1e-6}
            onChange={(v) => set('overheadSeconds', v)}
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label="Stacked latency per pass against batch size: overlapped, exposed memory, exposed compute, overhead"
          shape={`${isLlm}`}
          data={withoutColumn(data, live.current.hiddenIndex)}
          options={(theme) => {
            const colors = [theme.series[6]!, theme.series[1]!, theme.series[0]!, theme.series[7]!]
            const bars = uPlot.paths.bars!({ size: [0.7, 60] })
            return {
              scales: { x: { time: false, range: [-0.6, BATCHES.length - 0.4] } },
              axes: [
                axis(theme, {
                  label: 'Batch size',
                  values: categoryAxisValues(BATCHES.map(String)),
                  splits: () => BATCHES.map((_, i) => i)
                }),
                axis(theme, { label: 'Latency per pass', size: 70, values: ticks((v) => seconds(v)) })
              ],
              series: [
                { label: 'batch', value: (_u, v) => (v == null ? '' : String(BATCHES[v] ?? '')) },
                // top-first: overhead, exposed compute, exposed memory, overlapped
                ...[3, 2, 1, 0].map((layer) => ({
                  label: layerNames[layer],
                  stroke: colors[layer],
                  fill: alpha(colors[layer]!, 0.85),
                  paths: bars,
                  points: { show: false },
                  value: (_u: uPlot, _v: number | null, _si: number, di: number | null) => {
                    const r = di == null ? null : live.current.raw[layer]?.[di]
                    return r == null ? '' : di === hiddenAt() ? '? predict first' : seconds(r)
                  }
                })),
                {
                  label: 'compute time',
                  stroke: theme.series[0],
                  width: 2,
                  dash: [5, 4],
                  points: { show: true, size: 5 },
                  value: maskedValue(seconds, hiddenAt)
                },
                {
                  label: 'memory time',
                  stroke: theme.series[1],
                  width: 2,
                  dash: [5, 4],
                  points: { show: true, size: 5 },
                  value: maskedValue(seconds, hiddenAt)
                }
              ],
              hooks: {
                draw: [
                  (u) => {
                    const l = live.current
                    if (l.flipIndex > 0) vline(u, l.flipIndex - 0.5, theme.bad, 'flips to compute-bound')
                    if (l.batchIndex >= 0) vline(u, l.batchIndex, theme.text, 'current', [2, 3])
                    if (l.hiddenIndex !== null) questionMark(u, l.hiddenIndex, theme.text)
                  }
                ]
              }
            }
          }}
        />
      }
      prediction={{
        question: `With ${model?.name ?? p.model} on ${acc?.name ?? p.accelerator} in ${precision}, what is the latency of one pass at batch ${p.batch}?`,
        unit: 'ms',
        factor: 1e-3,
        actual: cur?.latencySeconds ?? null,
        request: recordRequest,
        format: seconds
      }}
      math={
        <MathPanel
          lines={
            cur
              ? [
                  `t_{\\text{compute}} = \\frac{b \\cdot F_{\\text{item}}}{\\eta\\, P_{\\text{peak}}} = \\frac{${tex(cur.computeFlops)}\\ \\text{FLOP}}{${tex(p.efficiency)} \\times ${texSi(acc?.peakFlopsPerSecond[precision] ?? NaN, 'FLOP/s')}} = ${texSeconds(cur.computeSeconds)}`,
                  `t_{\\text{memory}} = \\frac{P \\cdot s_{\\text{value}} + \\text{KV}}{\\eta_B\\, B} = \\frac{${texSi(cur.memoryBytes, 'B')}}{${tex(p.bandwidthEfficiency)} \\times ${texSi(acc?.memoryBandwidthBytesPerSecond ?? NaN, 'B/s')}} = ${texSeconds(cur.memorySeconds)}`,
                  `t = \\max(t_{\\text{compute}}, t_{\\text{memory}}) + t_{\\text{overhead}} = ${texSeconds(cur.latencySeconds)}`,
                  `I = \\frac{${tex(cur.computeFlops)}}{${tex(cur.memoryBytes)}} = ${tex(cur.intensity)}\\ \\text{FLOP/B}\\ ${cur.intensity < cur.ridge ? '<' : '\\ge'}\\ I_{\\text{ridge}} = ${tex(cur.ridge)} \\Rightarrow \\text{${cur.bound}-bound}`
                ]
              : ['t = \\max(t_{\\text{compute}}, t_{\\text{memory}}) + t_{\\text{overhead}}']
          }
          notes={`Weights are read once per pass whatever the batch, so memory time barely grows while compute grows linearly: the batch where they cross (${flipBatch ? `≈ ${flipBatch}` : 'beyond the sweep'}) is where batching stops being free. Ridge ${cur ? sig(cur.ridge) : '…'} FLOP/byte.`}
        />
      }
    />
  )
}
