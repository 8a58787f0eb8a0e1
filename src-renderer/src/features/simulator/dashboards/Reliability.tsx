import { useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, axis } from '../Plot'
import { Slider } from '../controls'
import { MathPanel } from '../TeX'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { logSpace, percent, pow2Range, seconds, sig, tex, texSeconds } from '../units'
import { dot, ticks, vline, type DashProps } from './common'

const ID = 'reliability'
const SIZES = pow2Range(8, 131072)
const defaults = { gpus: 16384, gpuMtbfHours: 50000, checkpointSeconds: 60, restartSeconds: 300, intervalSeconds: 3600, jobDays: 30 }

/** Fractions drawn on the U-curve stop at 1 (the whole time lost). */
function clip(v: number | undefined): number | null {
  return v === undefined ? null : Math.min(1, v)
}

export function ReliabilityDash(_props: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const componentMtbf = p.gpuMtbfHours * 3600
  const job = { componentMtbfSeconds: componentMtbf, checkpointSeconds: p.checkpointSeconds, restartSeconds: p.restartSeconds }
  const current = simCall('checkpointGoodput', { ...job, count: p.gpus, intervalSeconds: p.intervalSeconds })
  const taus = useMemo(() => logSpace(10, 7 * 86400, 160), [])
  const { results, error } = useRuns(ID, [
    current,
    // the U-curve: this job at every interval; goodput against cluster size at tau* and at your interval
    sweepCall('checkpointGoodput', { ...job, count: p.gpus }, { intervalSeconds: taus }),
    sweepCall('checkpointGoodput', { ...job, intervalSeconds: p.intervalSeconds }, { count: SIZES })
  ])
  const cur = results?.[0] ?? null
  const M = cur?.mtbfSeconds ?? NaN
  const tauStar = cur?.optimalIntervalSeconds ?? NaN
  const haveM = Number.isFinite(M)
  // P(failure in a day) needs the cluster MTBF from the first answer: a second, dependent run.
  const day = useRuns(`${ID}-day`, haveM ? [simCall('failureProbability', { durationSeconds: 86400, mtbfSeconds: M })] : null)
  const pDay = day.results?.[0] ?? NaN
  const revealed = usePrediction(ID).revealed
  const delta = p.checkpointSeconds

  const uPts = results?.[1].points ?? null
  const uData = useMemo(
    () =>
      [
        taus,
        taus.map((_, i) => clip(uPts?.[i]?.output?.checkpointFraction)),
        taus.map((_, i) => clip(uPts?.[i]?.output?.lostWorkFraction)),
        taus.map((_, i) => clip(uPts?.[i]?.output?.overheadFraction))
      ] as uPlot.AlignedData,
    [taus, uPts]
  )
  const gPts = results?.[2].points ?? null
  const gData = useMemo(
    () =>
      [
        SIZES,
        SIZES.map((_, i) => gPts?.[i]?.output?.goodputAtOptimum ?? null),
        SIZES.map((_, i) => gPts?.[i]?.output?.goodput ?? null)
      ] as uPlot.AlignedData,
    [gPts]
  )

  const atOpt = cur?.overheadAtOptimum ?? NaN
  const atCur = cur?.overheadFraction ?? NaN
  // Until the guess is revealed the optimum is not marked on the U-curve.
  const live = useRef({ tauStar, atOpt, cur: p.intervalSeconds, atCur, gpus: p.gpus, revealed })
  live.current = { tauStar, atOpt, cur: p.intervalSeconds, atCur, gpus: p.gpus, revealed }

  const headlines: Headline[] = [
    { id: 'mtbf', label: `Cluster MTBF (${p.gpus} GPUs)`, value: haveM ? seconds(M) : '…' },
    { id: 'tau', label: 'Optimal checkpoint interval τ*', value: Number.isFinite(tauStar) ? seconds(tauStar) : '…', key: true },
    {
      id: 'overheadopt',
      label: 'Overhead at τ*',
      value: Number.isFinite(atOpt) ? percent(atOpt) : '…',
      detail: cur ? `goodput ${percent(cur.goodputAtOptimum)}` : undefined
    },
    {
      id: 'overheadcur',
      label: `Overhead at your interval (${seconds(p.intervalSeconds)})`,
      value: Number.isFinite(atCur) ? percent(atCur) : '…',
      tone: Number.isFinite(atCur) && Number.isFinite(atOpt) ? (atCur <= atOpt * 1.1 ? 'ok' : 'bad') : undefined
    },
    { id: 'pday', label: 'P(≥ 1 failure in a day)', value: Number.isFinite(pDay) ? percent(pDay) : '…' },
    { id: 'failures', label: `Expected failures in ${p.jobDays} days`, value: haveM ? sig((p.jobDays * 86400) / M) : '…' }
  ]

  return (
    <DashFrame
      dashboard={ID}
      error={error ?? day.error}
      controls={
        <>
          <Slider
            label="GPUs in the job"
            value={p.gpus}
            min={8}
            max={131072}
            scale="pow2"
            onChange={(v) => set('gpus', v)}
            testId="reliability-gpus"
          />
          <Slider
            label="MTBF per GPU (incl. its share of host, network)"
            unit="hours"
            factor={3600}
            value={componentMtbf}
            min={1000 * 3600}
            max={1e6 * 3600}
            scale="log"
            onChange={(v) => set('gpuMtbfHours', v / 3600)}
            hint="Llama 3 405B saw 419 unexpected interruptions in 54 days on 16k GPUs: ≈ 50 000 h per GPU."
          />
          <Slider
            label="Checkpoint write time δ"
            unit="s"
            value={p.checkpointSeconds}
            min={1}
            max={3600}
            scale="log"
            onChange={(v) => set('checkpointSeconds', v)}
            testId="reliability-delta"
          />
          <Slider
            label="Restart cost after a failure R"
            unit="s"
            value={p.restartSeconds}
            min={0}
            max={3600}
            step={10}
            onChange={(v) => set('restartSeconds', v)}
          />
          <Slider
            label="Your checkpoint interval τ"
            unit="min"
            factor={60}
            value={p.intervalSeconds}
            min={10}
            max={7 * 86400}
            scale="log"
            onChange={(v) => set('intervalSeconds', v)}
          />
          <Slider label="Job length" unit="days" value={p.jobDays} min={1} max={365} integer onChange={(v) => set('jobDays', v)} />
        </>
      }
      headlines={headlines}
      chart={
        <>
          <h3>Young–Daly U-curve: overhead vs checkpoint interval</h3>
          <Plot
            label="Checkpoint overhead against checkpoint interval: checkpoint cost, expected lost work and their sum, with the optimum marked"
            shape="u"
            data={uData}
            options={(theme) => ({
              scales: {
                x: { distr: 3, log: 10 },
                y: { range: (_u, _min, _max) => [0, Math.min(1, Math.max(0.1, (live.current.atOpt || 0.05) * 4))] }
              },
              axes: [
                axis(theme, { label: 'Checkpoint interval τ', values: ticks(seconds) }),
                axis(theme, { label: 'Fraction of time lost', size: 60, values: ticks((v) => `${sig(v * 100, 2)} %`) })
              ],
              series: [
                { label: 'τ', value: (_u, v) => (v == null ? '' : seconds(v)) },
                {
                  label: 'writing checkpoints δ/τ',
                  stroke: theme.series[0],
                  width: 2,
                  dash: [5, 4],
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : percent(v))
                },
                {
                  label: 'lost work τ/2M',
                  stroke: theme.series[1],
                  width: 2,
                  dash: [5, 4],
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : percent(v))
                },
                {
                  label: 'total (+ R/M)',
                  stroke: theme.series[3],
                  width: 2.5,
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : percent(v))
                }
              ],
              hooks: {
                draw: [
                  (u) => {
                    const l = live.current
                    if (l.revealed && Number.isFinite(l.tauStar)) {
                      vline(u, l.tauStar, theme.ok, `τ* = ${seconds(l.tauStar)}`)
                      dot(u, l.tauStar, l.atOpt, theme.ok, 5)
                    }
                    if (Number.isFinite(l.atCur)) dot(u, l.cur, l.atCur, theme.text, 5, false)
                  }
                ]
              }
            })}
          />
          <h3>Goodput vs cluster size</h3>
          <Plot
            label="Goodput against number of GPUs, at the optimal interval and at your fixed interval"
            shape="g"
            height={220}
            data={gData}
            testId="sim-chart-goodput"
            options={(theme) => ({
              scales: { x: { distr: 3, log: 2 }, y: { range: [0, 1] } },
              axes: [
                axis(theme, { label: 'GPUs', values: ticks((v) => (v >= 1024 ? `${v / 1024}k` : String(v))) }),
                axis(theme, { label: 'Goodput', size: 60, values: ticks((v) => `${Math.round(v * 100)} %`) })
              ],
              series: [
                { label: 'GPUs' },
                {
                  label: 'at τ* for each size',
                  stroke: theme.series[2],
                  width: 2,
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : percent(v))
                },
                {
                  label: 'at your fixed τ',
                  stroke: theme.series[1],
                  width: 2,
                  dash: [5, 4],
                  value: (_u: uPlot, v: number | null) => (v == null ? '' : percent(v))
                }
              ],
              hooks: { draw: [(u) => vline(u, live.current.gpus, theme.text, 'current', [2, 3])] }
            })}
          />
        </>
      }
      prediction={{
        question: `${p.gpus} GPUs at ${sig(p.gpuMtbfHours)} h MTBF each, ${seconds(p.checkpointSeconds)} to write a checkpoint: how often should you checkpoint (minutes)?`,
        unit: 'min',
        factor: 60,
        actual: Number.isFinite(tauStar) ? tauStar : null,
        request: current,
        format: seconds
      }}
      math={
        <MathPanel
          lines={[
            `M = \\frac{M_{\\text{GPU}}}{N} = \\frac{${tex(componentMtbf)}\\,\\text{s}}{${p.gpus}} = ${haveM ? texSeconds(M) : '\\ldots'}`,
            `\\text{overhead}(\\tau) = \\frac{\\delta}{\\tau} + \\frac{\\tau}{2M} + \\frac{R}{M}`,
            `\\tau^* = \\sqrt{2\\,\\delta\\,M} = \\sqrt{2 \\times ${tex(delta)} \\times ${tex(M)}} = ${Number.isFinite(tauStar) ? texSeconds(tauStar) : '\\ldots'}`,
            `\\text{overhead}(\\tau^*) = \\sqrt{\\frac{2\\delta}{M}} + \\frac{R}{M} = ${Number.isFinite(atOpt) ? tex(atOpt) : '\\ldots'}`,
            `P(\\text{failure in } T) = 1 - e^{-T/M} = 1 - e^{-86400/${tex(M)}} = ${Number.isFinite(pDay) ? tex(pDay) : '\\ldots'}`
          ]}
          notes="Young (1974) / Daly (2006) first-order optimum; valid while δ ≪ M. Failures are assumed independent and exponential; goodput falls like √(1/M) ∝ √N as the cluster grows."
        />
      }
    />
  )
}
