import { useMemo, useRef } from 'react'
import uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, alpha, axis, stackTopFirst } from '../Plot'
import { Radio, Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import {
  BYTES_PER_VALUE,
  OPTIMIZER_BYTES_PER_PARAM,
  type Optimizer,
  PRECISIONS,
  type Precision,
  type Recompute,
  type SimParams
} from '../../../../../src-preload/contract'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { bytes, bytesBinary, bytesBoth, pow2Range, tex, texSi } from '../units'
import { categoryAxisValues, llmOptions, questionMark, withoutColumn, hline, ticks, vline, type DashProps } from './common'

const ID = 'memory'
const AXES = {
  microBatch: { label: 'Micro-batch (sequences per device)', values: pow2Range(1, 64) },
  dataParallel: { label: 'Data-parallel degree', values: pow2Range(1, 1024) },
  zeroStage: { label: 'ZeRO stage', values: [0, 1, 2, 3] }
} as const
type AxisName = keyof typeof AXES

const defaults = {
  model: 'llama3-8b',
  accelerator: 'h100-sxm',
  precision: 'bf16' as Precision,
  optimizer: 'adam' as Optimizer,
  zeroStage: 1,
  recompute: 'selective' as Recompute,
  tensorParallel: 1,
  pipelineParallel: 1,
  dataParallel: 8,
  microBatch: 1,
  axis: 'microBatch' as AxisName
}

const LAYERS = ['weightsBytes', 'gradientsBytes', 'optimizerBytes', 'activationsBytes'] as const
const LAYER_NAMES = ['Weights', 'Gradients', 'Optimizer state', 'Activations']

export function MemoryDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const acc = catalog.accelerators.find((a) => a.id === p.accelerator)
  const model = catalog.models.find((m) => m.id === p.model)
  const axisName = p.axis
  const axisValues = AXES[axisName].values as readonly number[]
  const base: SimParams<'trainingMemory'> = {
    model: p.model,
    accelerator: p.accelerator,
    precision: p.precision,
    optimizer: p.optimizer,
    zeroStage: p.zeroStage,
    recompute: p.recompute,
    tensorParallel: p.tensorParallel,
    pipelineParallel: p.pipelineParallel,
    dataParallel: p.dataParallel,
    microBatch: p.microBatch
  }
  const sweepBase = { ...base }
  delete sweepBase[axisName]
  const current = simCall('trainingMemory', base)
  const { results, error } = useRuns(ID, [current, sweepCall('trainingMemory', sweepBase, { [axisName]: axisValues })])
  const cur = results?.[0] ?? null
  const points = results?.[1].points ?? null
  const revealed = usePrediction(ID).revealed
  const mems = axisValues.map((_, i) => points?.[i]?.output ?? null)
  const capacity = acc?.memoryBytes ?? null

  const raw = useMemo(() => LAYERS.map((k) => mems.map((m) => (m ? m[k] : null))), [points])
  const data = useMemo(() => [axisValues.map((_, i) => i), ...stackTopFirst(raw)] as uPlot.AlignedData, [raw, axisValues])
  const currentIndex = axisValues.indexOf(Number(p[axisName]))
  // Until the guess is revealed the legend shows no values for the current setting (they add up to the answer).
  const live = useRef({ raw, capacity, currentIndex, hiddenIndex: revealed ? null : currentIndex })
  live.current = { raw, capacity, currentIndex, hiddenIndex: revealed ? null : currentIndex }

  const headlines: Headline[] = cur
    ? [
        { id: 'total', label: 'Per-device total', value: bytes(cur.totalBytes), detail: bytesBinary(cur.totalBytes), key: true },
        {
          id: 'fits',
          label: `Fits in ${acc ? bytes(acc.memoryBytes) : '?'}?`,
          value: cur.fits === null ? 'no capacity figure' : cur.fits ? 'fits' : 'does not fit',
          detail:
            cur.headroomBytes === null
              ? undefined
              : `${cur.headroomBytes >= 0 ? 'headroom' : 'short by'} ${bytesBoth(Math.abs(cur.headroomBytes))}`,
          tone: cur.fits === null ? undefined : cur.fits ? 'ok' : 'bad',
          spoils: true
        },
        { id: 'weights', label: 'Weights + gradients', value: bytes(cur.weightsBytes + cur.gradientsBytes) },
        { id: 'optimizer', label: 'Optimizer state', value: bytes(cur.optimizerBytes) },
        { id: 'activations', label: 'Activations', value: bytes(cur.activationsBytes) },
        { id: 'devices', label: 'Devices (DP × TP × PP)', value: String(cur.devices) }
      ]
    : [{ id: 'total', label: 'Per-device total', value: '…', key: true }]

  const bpv = BYTES_PER_VALUE[p.precision]
  const optBytes = OPTIMIZER_BYTES_PER_PARAM[p.optimizer]

  return (
    <DashFrame
      dashboard={ID}
      error={error ?? points?.find((pt) => pt.error)?.error ?? null}
      controls={
        <>
          <Select label="Model" value={p.model} options={llmOptions(catalog)} onChange={(v) => set('model', v)} />
          <Select
            label="Device (capacity)"
            value={p.accelerator}
            options={catalog.accelerators.map((a) => ({ value: a.id, label: `${a.name} — ${bytes(a.memoryBytes)}` }))}
            onChange={(v) => set('accelerator', v)}
          />
          <Select
            label="Precision (weights, gradients)"
            value={p.precision}
            options={PRECISIONS.map((q) => ({ value: q, label: q }))}
            onChange={(v) => set('precision', v)}
          />
          <Select
            label="Optimizer"
            value={p.optimizer}
            options={[
              { value: 'adam', label: 'Adam (12 B/param: fp32 master + 2 moments)' },
              { value: 'sgd', label: 'SGD with momentum (4 B/param)' },
              { value: 'none', label: 'None (0 B/param)' }
            ]}
            onChange={(v) => set('optimizer', v)}
          />
          <Radio
            legend="ZeRO stage"
            value={p.zeroStage}
            options={[0, 1, 2, 3].map((z) => ({ value: z, label: String(z) }))}
            onChange={(v) => set('zeroStage', v)}
            testId="memory-zero"
          />
          <Radio
            legend="Activation recompute"
            value={p.recompute}
            options={[
              { value: 'none', label: 'none' },
              { value: 'selective', label: 'selective' },
              { value: 'full', label: 'full' }
            ]}
            onChange={(v) => set('recompute', v)}
          />
          <Slider
            label="Micro-batch"
            unit="sequences"
            value={p.microBatch}
            min={1}
            max={64}
            scale="pow2"
            onChange={(v) => set('microBatch', v)}
            testId="memory-microbatch"
          />
          <Slider
            label="Data parallel (DP)"
            value={p.dataParallel}
            min={1}
            max={1024}
            scale="pow2"
            onChange={(v) => set('dataParallel', v)}
          />
          <Slider
            label="Tensor parallel (TP)"
            value={p.tensorParallel}
            min={1}
            max={64}
            scale="pow2"
            onChange={(v) => set('tensorParallel', v)}
          />
          <Slider
            label="Pipeline parallel (PP)"
            value={p.pipelineParallel}
            min={1}
            max={64}
            scale="pow2"
            onChange={(v) => set('pipelineParallel', v)}
          />
          <Select
            label="Chart x-axis"
            value={axisName}
            options={(Object.keys(AXES) as AxisName[]).map((k) => ({ value: k, label: AXES[k].label }))}
            onChange={(v) => set('axis', v)}
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label={`Per-device training memory, stacked, against ${AXES[axisName].label}, with the device capacity line`}
          shape={axisName}
          data={withoutColumn(data, live.current.hiddenIndex)}
          options={(theme) => {
            const colors = [theme.series[0]!, theme.series[2]!, theme.series[1]!, theme.series[3]!]
            const bars = uPlot.paths.bars!({ size: [0.7, 70] })
            return {
              scales: {
                x: { time: false, range: [-0.6, axisValues.length - 0.4] },
                // Up to 3x capacity: far-too-big bars are clipped so the capacity line stays readable.
                y: {
                  range: (_u, _min, max) => {
                    const cap = live.current.capacity
                    return [0, cap ? Math.min(Math.max(max, cap * 1.15), cap * 3) : max]
                  }
                }
              },
              axes: [
                axis(theme, {
                  label: AXES[axisName].label,
                  values: categoryAxisValues(axisValues.map(String)),
                  splits: () => axisValues.map((_, i) => i)
                }),
                axis(theme, { label: 'Bytes per device (GB = 10⁹ B)', size: 70, values: ticks((v) => bytes(v)) })
              ],
              series: [
                { label: AXES[axisName].label, value: (_u, v) => (v == null ? '' : String(axisValues[v] ?? '')) },
                ...[3, 2, 1, 0].map((layer) => ({
                  label: LAYER_NAMES[layer],
                  stroke: colors[layer],
                  fill: alpha(colors[layer]!, 0.85),
                  paths: bars,
                  points: { show: false },
                  value: (_u: uPlot, _v: number | null, _s: number, di: number | null) => {
                    const r = di == null ? null : live.current.raw[layer]?.[di]
                    if (r != null && di === live.current.hiddenIndex) return '? predict first'
                    return r == null ? '' : bytes(r)
                  }
                }))
              ],
              hooks: {
                draw: [
                  (u) => {
                    const l = live.current
                    if (l.capacity) hline(u, l.capacity, theme.bad, `capacity ${bytes(l.capacity)} (${bytesBinary(l.capacity)})`)
                    if (l.currentIndex >= 0) vline(u, l.currentIndex, theme.text, 'current', [2, 3])
                    if (l.hiddenIndex !== null) questionMark(u, l.hiddenIndex, theme.text)
                  }
                ]
              }
            }
          }}
        />
      }
      prediction={{
        question: `Training ${model?.name ?? p.model} with ${p.optimizer}, ZeRO-${p.zeroStage}, DP ${p.dataParallel} × TP ${p.tensorParallel} × PP ${p.pipelineParallel}: how many GB does each device need?`,
        unit: 'GB',
        factor: 1e9,
        actual: cur?.totalBytes ?? null,
        request: current,
        format: bytesBoth
      }}
      math={
        <MathPanel
          lines={
            cur && model
              ? [
                  `P_{\\text{dev}} = \\frac{P}{t \\cdot p} = \\frac{${tex(model.params)}}{${p.tensorParallel} \\times ${p.pipelineParallel}} = ${tex(cur.paramsPerDevice)}`,
                  `W = \\frac{P_{\\text{dev}} \\cdot ${bpv}\\,\\text{B}}{${p.zeroStage >= 3 ? p.dataParallel : 1}} = ${texSi(cur.weightsBytes, 'B')},\\quad G = \\frac{P_{\\text{dev}} \\cdot ${bpv}\\,\\text{B}}{${p.zeroStage >= 2 ? p.dataParallel : 1}} = ${texSi(cur.gradientsBytes, 'B')}`,
                  `O = \\frac{P_{\\text{dev}} \\cdot ${optBytes}\\,\\text{B}}{${p.zeroStage >= 1 ? p.dataParallel : 1}} = ${texSi(cur.optimizerBytes, 'B')}`,
                  `A = \\frac{L\\,(34\\,s b h${p.recompute === 'none' ? ' + 5 a s^2 b' : ''})\\cdot \\frac{${bpv}}{2}}{t}${p.recompute === 'full' ? '\\ \\to\\ \\frac{L \\cdot 2 s b h \\cdot \\frac{' + bpv + '}{2}}{t}' : ''} = ${texSi(cur.activationsBytes, 'B')}`,
                  `M = W + G + O + A = ${texSi(cur.totalBytes, 'B')}\\ ${cur.capacityBytes ? (cur.fits ? '\\le' : '>') + '\\ ' + texSi(cur.capacityBytes, 'B') : ''}`
                ]
              : ['M = W + G + O + A']
          }
          notes="Activations: Korthikanti et al. 2022 with sequence parallelism under TP; with 1F1B the first pipeline stage holds p micro-batches of L/p layers, so PP does not shrink activations. GB = 10⁹ bytes; GiB = 2³⁰ bytes."
        />
      }
    />
  )
}
