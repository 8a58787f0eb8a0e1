import { useMemo, useRef } from 'react'
import uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, alpha, axis } from '../Plot'
import { Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import { simCall, sweepCall } from '../simStore'
import { bytes, bytesBinary, bytesBoth, percent, seconds, si, sig, tex, texSeconds, texSi } from '../units'
import { categoryAxisValues, hline, ticks, vline, type DashProps } from './common'

const ID = 'tinyml'
/** Shape of the widest feature map, per model, for the peak-activation estimate. */
const SHAPES: Record<string, { h: number; w: number; c: number; s: number }> = {
  'ds-cnn-kws': { h: 49, w: 10, c: 64, s: 2 },
  mobilenetv2: { h: 224, w: 224, c: 32, s: 2 },
  resnet18: { h: 224, w: 224, c: 64, s: 2 },
  resnet50: { h: 224, w: 224, c: 64, s: 2 }
}
const defaults = {
  model: 'ds-cnn-kws',
  mcu: 'stm32h743',
  bits: 8,
  inputH: 49,
  inputW: 10,
  channels: 64,
  stride: 2,
  efficiency: 0.3,
  weightBandwidth: 200e6
}

export function TinyMLDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const mcus = catalog.accelerators.filter((a) => a.kind === 'mcu')
  const mcu = mcus.find((m) => m.id === p.mcu) ?? mcus[0]
  const model = catalog.models.find((m) => m.id === p.model)
  const current = simCall('mcuInference', {
    model: p.model,
    accelerator: mcu?.id,
    bits: p.bits,
    efficiency: p.efficiency,
    weightBandwidth: p.weightBandwidth,
    inputHeight: p.inputH,
    inputWidth: p.inputW,
    channels: p.channels,
    stride: p.stride
  })
  const { results, error } = useRuns(ID, [
    current,
    sweepCall('compression', { bitsBefore: 32, bitsAfter: p.bits }, { model: catalog.models.map((m) => m.id) })
  ])
  const r = results?.[0] ?? null
  const weights = r?.weightsBytes ?? null
  const actBytes = r?.peakActivationBytes ?? null
  const all = results?.[1].points
  const ratio = all?.find((pt) => pt.inputs.model === p.model)?.output?.ratio

  const data = useMemo(
    () => [mcus.map((_, i) => i), mcus.map((m) => m.flashBytes ?? null), mcus.map((m) => m.sramBytes ?? null)] as uPlot.AlignedData,
    [mcus]
  )
  const live = useRef({ weights, actBytes, sel: mcus.indexOf(mcu!) })
  live.current = { weights, actBytes, sel: mcus.indexOf(mcu!) }
  // uPlot must redraw the lines when the model changes even though the bars do not.
  const dataKey = useMemo(() => [...data] as uPlot.AlignedData, [data, weights, actBytes])

  const flash = mcu?.flashBytes ?? null
  const sram = mcu?.sramBytes ?? null
  const fitsFlash = r?.fitsFlash ?? null
  const fitsSram = r?.fitsSram ?? null
  const fitting = all
    ?.map((pt, i) => ({ m: catalog.models[i]!, b: pt.output?.bytesAfter }))
    .filter((x) => x.b !== undefined && flash !== null && x.b <= flash)
    .map((x) => x.m.name)

  const headlines: Headline[] = [
    {
      id: 'weights',
      label: `Weights at ${p.bits}-bit`,
      value: weights !== null ? bytes(weights) : '…',
      detail: weights !== null ? `${bytesBinary(weights)} · flash ${flash !== null ? bytesBinary(flash) : '?'}` : undefined,
      tone: fitsFlash === null ? undefined : fitsFlash ? 'ok' : 'bad'
    },
    {
      id: 'act',
      label: 'Peak activations (estimate)',
      value: actBytes !== null ? bytes(actBytes) : '…',
      detail: actBytes !== null ? `${bytesBinary(actBytes)} · SRAM ${sram !== null ? bytesBinary(sram) : '?'}` : undefined,
      tone: fitsSram === null ? undefined : fitsSram ? 'ok' : 'bad'
    },
    {
      id: 'fits',
      label: `Fits on ${mcu?.name.split(' (')[0] ?? '?'}?`,
      value: fitsFlash && fitsSram ? 'yes' : 'no',
      detail: fitsFlash === false ? 'weights exceed flash' : fitsSram === false ? 'activations exceed SRAM' : 'flash and SRAM both fit',
      tone: fitsFlash && fitsSram ? 'ok' : 'bad'
    },
    {
      id: 'latency',
      label: 'Latency per inference',
      value: r ? seconds(r.seconds) : '…',
      key: true,
      detail: r ? `${r.bound}-bound · ${sig(1 / r.seconds)} inferences/s` : undefined
    },
    {
      id: 'fitlist',
      label: 'Catalog models whose weights fit flash',
      value: fitting ? String(fitting.length) : '…',
      detail: fitting?.join(', ')
    }
  ]

  return (
    <DashFrame
      dashboard={ID}
      error={error}
      controls={
        <>
          <Select
            label="Model"
            value={p.model}
            options={catalog.models.map((m) => ({ value: m.id, label: `${m.name} — ${si(m.params, '')} params` }))}
            onChange={(v) => {
              set('model', v)
              const s = SHAPES[v]
              if (s) {
                set('inputH', s.h)
                set('inputW', s.w)
                set('channels', s.c)
                set('stride', s.s)
              }
            }}
            testId="tinyml-model"
          />
          <Select
            label="Microcontroller"
            value={mcu?.id ?? ''}
            options={mcus.map((m) => ({ value: m.id, label: `${m.name}` }))}
            onChange={(v) => set('mcu', v)}
          />
          <Select
            label="Weight/activation bits"
            value={p.bits}
            options={[
              { value: 4, label: '4-bit' },
              { value: 8, label: 'int8' },
              { value: 16, label: '16-bit' },
              { value: 32, label: 'fp32' }
            ]}
            onChange={(v) => set('bits', v)}
            testId="tinyml-bits"
          />
          <Slider
            label="Widest feature map: input height"
            unit="px"
            value={p.inputH}
            min={8}
            max={512}
            integer
            onChange={(v) => set('inputH', v)}
            testId="tinyml-h"
          />
          <Slider label="Input width" unit="px" value={p.inputW} min={4} max={512} integer onChange={(v) => set('inputW', v)} />
          <Slider label="Channels at the widest layer" value={p.channels} min={1} max={512} integer onChange={(v) => set('channels', v)} />
          <Slider label="Downsampling before it (stride)" value={p.stride} min={1} max={16} integer onChange={(v) => set('stride', v)} />
          <Slider
            label="Kernel efficiency"
            unit="% of peak"
            factor={0.01}
            value={p.efficiency}
            min={0.01}
            max={1}
            step={0.01}
            onChange={(v) => set('efficiency', v)}
            hint="CMSIS-NN style int8 kernels reach a fraction of the SIMD peak."
          />
          <Slider
            label="Weight read bandwidth (flash)"
            unit="MB/s"
            factor={1e6}
            value={p.weightBandwidth}
            min={1e6}
            max={4e9}
            scale="log"
            onChange={(v) => set('weightBandwidth', v)}
            hint="An assumption: the catalog has no memory bandwidth for MCUs."
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label="Flash and SRAM of each microcontroller (bars, log scale) against the model's weights and peak activations (lines)"
          shape="t"
          data={dataKey}
          options={(theme) => ({
            scales: {
              x: { time: false, range: [-0.6, mcus.length - 0.4] },
              y: { distr: 3, log: 10, range: () => [1e3, Math.max(1e8, (live.current.weights ?? 0) * 3, (live.current.actBytes ?? 0) * 3)] }
            },
            axes: [
              axis(theme, {
                label: 'Microcontroller',
                values: categoryAxisValues(mcus.map((m) => m.name.split(' (')[0]!)),
                splits: () => mcus.map((_, i) => i)
              }),
              axis(theme, { label: 'Bytes (log; kB = 10³ B)', size: 70, values: ticks(bytes) })
            ],
            series: [
              { label: 'MCU', value: (_u, v) => (v == null ? '' : (mcus[v]?.name ?? '')) },
              {
                label: 'flash',
                stroke: theme.series[0],
                fill: alpha(theme.series[0]!, 0.7),
                paths: uPlot.paths.bars!({ size: [0.35, 60], align: -1 }),
                points: { show: false },
                value: (_u: uPlot, v: number | null) => (v == null ? '' : bytesBoth(v))
              },
              {
                label: 'SRAM',
                stroke: theme.series[2],
                fill: alpha(theme.series[2]!, 0.7),
                paths: uPlot.paths.bars!({ size: [0.35, 60], align: 1 }),
                points: { show: false },
                value: (_u: uPlot, v: number | null) => (v == null ? '' : bytesBoth(v))
              }
            ],
            hooks: {
              draw: [
                (u) => {
                  const l = live.current
                  if (l.weights !== null) hline(u, l.weights, theme.series[0]!, `model weights ${bytes(l.weights)}`)
                  if (l.actBytes !== null)
                    hline(u, l.actBytes, theme.series[2]!, `peak activations ${bytes(l.actBytes)}`, 'y', [2, 3], 'left')
                  vline(u, l.sel, theme.text, undefined, [1, 4])
                }
              ]
            }
          })}
        />
      }
      prediction={{
        question: `${model?.name ?? p.model} at ${p.bits}-bit on the ${mcu?.name ?? '?'}: how long does one inference take (ms)?`,
        unit: 'ms',
        factor: 1e-3,
        actual: r?.seconds ?? null,
        request: current,
        format: seconds
      }}
      math={
        <MathPanel
          lines={[
            `W = P \\cdot \\frac{b}{8} = ${tex(model?.params ?? NaN)} \\times \\frac{${p.bits}}{8} = ${weights !== null ? texSi(weights, 'B') : '\\ldots'}\\ ${fitsFlash === null ? '' : fitsFlash ? '\\le' : '>'}\\ \\text{flash } ${flash !== null ? texSi(flash, 'B') : ''}`,
            `A_{peak} \\approx 2 \\cdot \\left\\lceil\\frac{H}{s}\\right\\rceil \\left\\lceil\\frac{W}{s}\\right\\rceil C \\cdot \\frac{b}{8} = 2 \\times ${Math.ceil(p.inputH / p.stride)} \\times ${Math.ceil(p.inputW / p.stride)} \\times ${p.channels} \\times ${p.bits / 8} = ${actBytes !== null ? texSi(actBytes, 'B') : '\\ldots'}\\ ${fitsSram === null ? '' : fitsSram ? '\\le' : '>'}\\ \\text{SRAM } ${sram !== null ? texSi(sram, 'B') : ''}`,
            `t = \\max\\left(\\frac{F}{\\eta P_{peak}}, \\frac{W + A}{B_{flash}}\\right)`,
            `\\phantom{t} = \\max\\left(\\frac{${tex(r?.flops ?? NaN)}}{${tex(p.efficiency)} \\times ${texSi(r?.peakFlops ?? NaN, 'OP/s')}}, \\frac{${texSi((weights ?? NaN) + (actBytes ?? NaN), 'B')}}{${texSi(p.weightBandwidth, 'B/s')}}\\right) = ${r ? `\\max(${texSeconds(r.computeSeconds)}, ${texSeconds(r.memorySeconds)}) = ${texSeconds(r.seconds)}` : '\\ldots'}`
          ]}
          notes={`The activation figure is an estimate: the input and output of the widest layer live in SRAM together (tensor-arena peak); real arenas add scratch buffers. Weights ${weights !== null ? bytesBoth(weights) : '…'}; compression ratio vs fp32 ${ratio !== undefined ? sig(ratio) : '…'}×. Compute at ${percent(p.efficiency, 2)} of ${r?.precision ?? '…'} peak.`}
        />
      }
    />
  )
}
