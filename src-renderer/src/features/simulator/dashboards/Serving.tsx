import { useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, axis } from '../Plot'
import { Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import { BYTES_PER_VALUE, type Precision, type SimParams } from '../../../../../src-preload/contract'
import { simCall, sweepCall } from '../simStore'
import { bytes, bytesBinary, bytesBoth, pow2Range, seconds, si, sig, tex, texSeconds, texSi } from '../units'
import { accelOptions, dot, hline, llmOptions, precisionOptions, ticks, usablePrecision, type DashProps } from './common'

const ID = 'serving'
const CONTEXTS = pow2Range(128, 131072)
const BATCH_SERIES = [1, 4, 16, 64, 256]
const BATCHES = pow2Range(1, 1024)
const defaults = {
  model: 'llama3-8b',
  accelerator: 'h100-sxm',
  precision: 'bf16' as Precision,
  kvBytesPerValue: 0,
  promptTokens: 2048,
  outputTokens: 256,
  batch: 16,
  tensorParallel: 1,
  memoryUtilization: 0.9
}

export function ServingDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const acc = catalog.accelerators.find((a) => a.id === p.accelerator)
  const model = catalog.models.find((m) => m.id === p.model)
  const precision = usablePrecision(acc, p.precision)
  const base: SimParams<'llmServing'> = {
    model: p.model,
    accelerator: p.accelerator,
    precision,
    promptTokens: p.promptTokens,
    outputTokens: p.outputTokens,
    batch: p.batch,
    tensorParallel: p.tensorParallel,
    memoryUtilization: p.memoryUtilization,
    ...(p.kvBytesPerValue ? { kvBytesPerValue: p.kvBytesPerValue } : {})
  }
  const { promptTokens: _pt, batch: _b, ...kvBase } = base
  const { batch: _b2, ...latBase } = base
  const current = simCall('llmServing', base)
  const { results, error } = useRuns(ID, [
    current,
    sweepCall('llmServing', { ...kvBase, outputTokens: 0 }, { batch: BATCH_SERIES, promptTokens: CONTEXTS }),
    sweepCall('llmServing', latBase, { batch: BATCHES })
  ])
  const cur = results?.[0] ?? null
  const kvPts = results?.[1].points ?? null
  const latPts = results?.[2].points ?? null
  const budget = cur && acc ? acc.memoryBytes * p.tensorParallel * p.memoryUtilization - cur.weightsBytes : null

  const kvData = useMemo(
    () =>
      [
        CONTEXTS,
        ...BATCH_SERIES.map((_, bi) =>
          CONTEXTS.map((_c, ci) => {
            const o = kvPts?.[bi * CONTEXTS.length + ci]?.output
            return o ? o.kvBytesPerSequence * BATCH_SERIES[bi]! : null
          })
        )
      ] as uPlot.AlignedData,
    [kvPts]
  )
  const latData = useMemo(
    () =>
      [
        BATCHES,
        BATCHES.map((_, i) => latPts?.[i]?.output?.ttftSeconds ?? null),
        BATCHES.map((_, i) => latPts?.[i]?.output?.interTokenSeconds ?? null)
      ] as uPlot.AlignedData,
    [latPts]
  )
  const live = useRef({ budget, cur, p })
  live.current = { budget, cur, p }

  const headlines: Headline[] = [
    {
      id: 'maxseq',
      label: 'Concurrent sequences that fit',
      value: cur ? String(cur.maxConcurrentSequences) : '…',
      key: true,
      detail: cur ? (cur.fits ? `batch ${p.batch} fits` : `batch ${p.batch} does NOT fit`) : undefined,
      tone: cur ? (cur.fits ? 'ok' : 'bad') : undefined
    },
    { id: 'ttft', label: 'Time to first token', value: cur ? seconds(cur.ttftSeconds) : '…' },
    {
      id: 'itl',
      label: 'Inter-token latency',
      value: cur ? seconds(cur.interTokenSeconds) : '…',
      detail: cur ? `decode is ${cur.decodeBound}-bound` : undefined
    },
    { id: 'tps', label: 'Output tokens/s (batch)', value: cur ? si(cur.tokensPerSecond, 'tokens/s') : '…' },
    {
      id: 'kvtoken',
      label: 'KV cache per token',
      value: cur ? bytes(cur.kvBytesPerToken) : '…',
      detail: cur ? bytesBinary(cur.kvBytesPerToken) : undefined
    },
    {
      id: 'kvseq',
      label: 'KV cache per sequence',
      value: cur ? bytes(cur.kvBytesPerSequence) : '…',
      detail: cur ? `${p.promptTokens + p.outputTokens} tokens` : undefined
    },
    { id: 'request', label: 'Whole request latency', value: cur ? seconds(cur.requestLatencySeconds) : '…' }
  ]
  const headDim = model?.hidden && model.heads ? model.hidden / model.heads : NaN
  const kvBpv = p.kvBytesPerValue || BYTES_PER_VALUE[precision]

  return (
    <DashFrame
      dashboard={ID}
      error={error}
      controls={
        <>
          <Select label="Model" value={p.model} options={llmOptions(catalog)} onChange={(v) => set('model', v)} />
          <Select
            label="Device"
            value={p.accelerator}
            options={accelOptions(catalog, (a) => Boolean(a.memoryBandwidthBytesPerSecond))}
            onChange={(v) => set('accelerator', v)}
          />
          <Select label="Weight precision" value={precision} options={precisionOptions(acc)} onChange={(v) => set('precision', v)} />
          <Select
            label="KV cache precision"
            value={p.kvBytesPerValue}
            options={[
              { value: 0, label: 'same as weights' },
              { value: 2, label: 'fp16/bf16 (2 B)' },
              { value: 1, label: 'fp8/int8 (1 B)' },
              { value: 0.5, label: 'int4 (0.5 B)' }
            ]}
            onChange={(v) => set('kvBytesPerValue', v)}
          />
          <Slider
            label="Prompt length"
            unit="tokens"
            value={p.promptTokens}
            min={16}
            max={131072}
            scale="pow2"
            onChange={(v) => set('promptTokens', v)}
            testId="serving-prompt"
          />
          <Slider
            label="Output length"
            unit="tokens"
            value={p.outputTokens}
            min={0}
            max={8192}
            integer
            step={16}
            onChange={(v) => set('outputTokens', v)}
          />
          <Slider
            label="Batch (concurrent sequences)"
            value={p.batch}
            min={1}
            max={1024}
            scale="pow2"
            onChange={(v) => set('batch', v)}
            testId="serving-batch"
          />
          <Slider
            label="Tensor parallel devices"
            value={p.tensorParallel}
            min={1}
            max={16}
            scale="pow2"
            onChange={(v) => set('tensorParallel', v)}
          />
          <Slider
            label="Memory usable for weights + KV"
            unit="%"
            factor={0.01}
            value={p.memoryUtilization}
            min={0.5}
            max={1}
            step={0.01}
            onChange={(v) => set('memoryUtilization', v)}
          />
        </>
      }
      headlines={headlines}
      chart={
        <>
          <h3>KV cache for the whole batch vs context length</h3>
          <Plot
            label="KV cache bytes against context length, one line per batch size, with the memory left after weights"
            shape="kv"
            data={kvData}
            options={(theme) => ({
              scales: {
                x: { distr: 3, log: 2 },
                y: { range: (_u, _min, max) => [0, Math.min(max, Math.max((live.current.budget ?? max) * 1.6, 1e9))] }
              },
              axes: [
                axis(theme, { label: 'Context per sequence (tokens)', values: ticks((v) => (v >= 1024 ? `${v / 1024}k` : String(v))) }),
                axis(theme, { label: 'KV cache (GB = 10⁹ B)', size: 70, values: ticks(bytes) })
              ],
              series: [
                { label: 'context', value: (_u, v) => (v == null ? '' : `${v} tokens`) },
                ...BATCH_SERIES.map((b, i) => ({
                  label: `batch ${b}`,
                  stroke: theme.series[i],
                  width: 2,
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : bytes(v))
                }))
              ],
              hooks: {
                draw: [
                  (u) => {
                    const l = live.current
                    if (l.budget !== null)
                      hline(
                        u,
                        l.budget,
                        theme.bad,
                        l.budget > 0 ? `room for KV: ${bytes(l.budget)} (${bytesBinary(l.budget)})` : 'weights alone do not fit'
                      )
                    if (l.cur) dot(u, l.p.promptTokens + l.p.outputTokens, l.cur.kvBytesPerSequence * l.p.batch, theme.text, 5)
                  }
                ]
              }
            })}
          />
          <h3>Time to first token and inter-token latency vs batch</h3>
          <Plot
            label="TTFT and inter-token latency against batch size, log axes"
            shape="lat"
            height={220}
            data={latData}
            testId="sim-chart-latency"
            options={(theme) => ({
              scales: { x: { distr: 3, log: 2 }, y: { distr: 3, log: 10 } },
              axes: [axis(theme, { label: 'Batch (sequences)' }), axis(theme, { label: 'Seconds', size: 70, values: ticks(seconds) })],
              series: [
                { label: 'batch' },
                { label: 'TTFT', stroke: theme.series[1], width: 2, value: (_u: uPlot, v: number | null) => (v == null ? '' : seconds(v)) },
                {
                  label: 'inter-token',
                  stroke: theme.series[0],
                  width: 2,
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : seconds(v))
                }
              ],
              hooks: {
                draw: [
                  (u) => {
                    const l = live.current
                    if (l.cur) {
                      dot(u, l.p.batch, l.cur.ttftSeconds, theme.series[1]!, 5)
                      dot(u, l.p.batch, l.cur.interTokenSeconds, theme.series[0]!, 5)
                    }
                  }
                ]
              }
            })}
          />
        </>
      }
      prediction={{
        question: `How many ${p.promptTokens + p.outputTokens}-token sequences of ${model?.name ?? p.model} fit on ${p.tensorParallel} × ${acc?.name ?? p.accelerator} at once?`,
        unit: 'sequences',
        factor: 1,
        actual: cur?.maxConcurrentSequences ?? null,
        request: current,
        format: (v) => `${sig(v)} sequences`
      }}
      math={
        <MathPanel
          lines={
            cur && model
              ? [
                  `\\text{KV/token} = 2 \\cdot L \\cdot h_{kv} \\cdot d_{head} \\cdot s = 2 \\times ${model.layers} \\times ${model.kvHeads} \\times ${headDim} \\times ${kvBpv}\\,\\text{B} = ${texSi(cur.kvBytesPerToken, 'B')}`,
                  `\\text{KV/seq} = ${texSi(cur.kvBytesPerToken, 'B')} \\times (${p.promptTokens} + ${p.outputTokens}) = ${texSi(cur.kvBytesPerSequence, 'B')}`,
                  `N_{\\max} = \\left\\lfloor \\frac{u \\cdot M - W}{\\text{KV/seq}} \\right\\rfloor = \\left\\lfloor \\frac{${tex(p.memoryUtilization)} \\times ${texSi((acc?.memoryBytes ?? NaN) * p.tensorParallel, 'B')} - ${texSi(cur.weightsBytes, 'B')}}{${texSi(cur.kvBytesPerSequence, 'B')}} \\right\\rfloor = ${cur.maxConcurrentSequences}`,
                  `\\text{TTFT} = \\max\\left(\\frac{2 P \\cdot n_{prompt} \\cdot b}{P_{peak}}, \\frac{W}{B}\\right) = \\max(${texSeconds(cur.prefillComputeSeconds)}, ${texSeconds(cur.prefillMemorySeconds)}) = ${texSeconds(cur.ttftSeconds)}`,
                  `t_{token} = \\max\\left(\\frac{W + b \\cdot \\text{KV/token} \\cdot \\bar{n}}{B}, \\frac{2P\\,b}{P_{peak}}\\right) = \\max(${texSeconds(cur.decodeMemorySeconds)}, ${texSeconds(cur.decodeComputeSeconds)}) = ${texSeconds(cur.interTokenSeconds)}`
                ]
              : ['N_{\\max} = \\lfloor (uM - W) / \\text{KV/seq} \\rfloor']
          }
          notes={`Decode reads all weights plus every sequence's KV cache at mean context n̄ = prompt + output/2 each step. KV sizes: ${cur ? bytesBoth(cur.kvBytesPerSequence) : '…'} per sequence.`}
        />
      }
    />
  )
}
