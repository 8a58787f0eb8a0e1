import { useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, alpha, axis } from '../Plot'
import { Slider } from '../controls'
import { MathPanel } from '../TeX'
import { simCall, sweepCall, usePrediction } from '../simStore'
import { percent, seconds, sig, tex, texSeconds } from '../units'
import { dot, hline, maskedValue, ticks, vline, type DashProps } from './common'

const ID = 'tail'
const RHOS = Array.from({ length: 99 }, (_, i) => (i + 1) / 100).concat([0.995, 0.999])
const defaults = { servers: 4, serviceRate: 10, arrivalRate: 30, sla: 0.2 }
const UNSTABLE = 'unstable: utilisation ≥ 1, the queue grows without bound'

export function TailDash(_props: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const capacity = p.servers * p.serviceRate
  const current = simCall('mmcQueue', { arrivalRate: p.arrivalRate, serviceRate: p.serviceRate, servers: p.servers })
  const rates = RHOS.map((r) => r * capacity)
  const { results, error } = useRuns(ID, [
    current,
    sweepCall('mmcQueue', { serviceRate: p.serviceRate, servers: p.servers }, { arrivalRate: rates })
  ])
  const cur = results?.[0] ?? null
  const pts = results?.[1].points ?? null
  const revealed = usePrediction(ID).revealed
  const fin = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null)
  const data = useMemo(
    () =>
      [
        RHOS,
        RHOS.map((_, i) => fin(pts?.[i]?.output?.waitP50)),
        RHOS.map((_, i) => fin(pts?.[i]?.output?.meanWait)),
        RHOS.map((_, i) => fin(pts?.[i]?.output?.waitP99))
      ] as uPlot.AlignedData,
    [pts]
  )
  // Highest load on the grid whose p99 wait still meets the SLA.
  let slaRho: number | null = null
  pts?.forEach((pt, i) => {
    const w = pt.output?.waitP99
    if (w !== undefined && Number.isFinite(w) && w <= p.sla) slaRho = RHOS[i]!
  })
  const rho = p.arrivalRate / capacity
  // Until the guess is revealed the p99 at this load is neither marked nor printed in the legend (nearest grid point).
  const nearest = RHOS.reduce((best, r, i) => (Math.abs(r - rho) < Math.abs(RHOS[best]! - rho) ? i : best), 0)
  const hiddenIndex = revealed || Math.abs(RHOS[nearest]! - rho) > 0.01 ? null : nearest
  const live = useRef({ rho, cur, sla: p.sla, revealed, hiddenIndex })
  live.current = { rho, cur, sla: p.sla, revealed, hiddenIndex }
  const stable = cur ? cur.stable : rho < 1
  const w = (v: number | undefined) => (v === undefined ? '…' : Number.isFinite(v) ? seconds(v) : 'unbounded')

  const headlines: Headline[] = [
    {
      id: 'util',
      label: 'Utilisation ρ = λ / (c μ)',
      value: percent(rho),
      detail: stable ? 'stable' : UNSTABLE,
      tone: stable ? (rho < 0.8 ? 'ok' : undefined) : 'bad'
    },
    {
      id: 'p99',
      label: 'p99 wait in queue',
      value: w(cur?.waitP99),
      key: true,
      tone: cur ? (Number.isFinite(cur.waitP99) && cur.waitP99 <= p.sla ? 'ok' : 'bad') : undefined,
      detail: cur ? (Number.isFinite(cur.waitP99) ? (cur.waitP99 <= p.sla ? 'meets the SLA' : 'misses the SLA') : UNSTABLE) : undefined
    },
    { id: 'p50', label: 'p50 wait in queue', value: w(cur?.waitP50) },
    { id: 'mean', label: 'Mean response (wait + service)', value: w(cur?.meanResponse) },
    { id: 'pwait', label: 'P(an arrival waits)', value: cur ? percent(cur.probWait) : '…' },
    {
      id: 'slaload',
      label: 'Max load meeting the p99 SLA',
      value: slaRho !== null ? `${sig(slaRho * capacity)} req/s (ρ = ${percent(slaRho, 2)})` : 'none on the grid'
    }
  ]

  return (
    <DashFrame
      dashboard={ID}
      error={error}
      controls={
        <>
          <Slider label="Servers (c)" value={p.servers} min={1} max={256} integer scale="linear" onChange={(v) => set('servers', v)} />
          <Slider
            label="Service rate per server (μ)"
            unit="req/s"
            value={p.serviceRate}
            min={0.1}
            max={1000}
            scale="log"
            onChange={(v) => set('serviceRate', v)}
            hint={`Mean service time 1/μ = ${seconds(1 / p.serviceRate)}.`}
          />
          <Slider
            label="Arrival rate (λ)"
            unit="req/s"
            value={p.arrivalRate}
            min={0}
            max={Math.max(capacity * 1.5, p.arrivalRate)}
            step={capacity / 300}
            typedMax={1e9}
            onChange={(v) => set('arrivalRate', Number(v.toPrecision(4)))}
            testId="tail-arrival"
            hint={`Capacity c μ = ${sig(capacity)} req/s; beyond it the queue is unstable.`}
          />
          <Slider
            label="SLA on p99 queue wait"
            unit="ms"
            factor={1e-3}
            value={p.sla}
            min={1e-3}
            max={10}
            scale="log"
            onChange={(v) => set('sla', v)}
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label="Queue wait percentiles against utilisation, with the SLA line; beyond utilisation 1 the queue is unstable"
          shape="q"
          data={data}
          options={(theme) => ({
            scales: {
              x: { time: false, range: [0, 1.1] },
              y: {
                range: () => {
                  const l = live.current
                  const curP99 = l.cur && Number.isFinite(l.cur.waitP99) ? l.cur.waitP99 : 0
                  return [0, Math.max(l.sla * 3, curP99 * 1.2)]
                }
              }
            },
            axes: [
              axis(theme, { label: 'Utilisation ρ', values: ticks((v) => `${Math.round(v * 100)} %`) }),
              axis(theme, { label: 'Wait in queue', size: 70, values: ticks(seconds) })
            ],
            series: [
              { label: 'ρ', value: (_u, v) => (v == null ? '' : percent(v, 3)) },
              {
                label: 'p50 wait',
                stroke: theme.series[2],
                width: 2,
                value: (_u: uPlot, v: number | null) => (v == null ? '' : seconds(v))
              },
              {
                label: 'mean wait',
                stroke: theme.series[0],
                width: 2,
                dash: [5, 4],
                value: (_u: uPlot, v: number | null) => (v == null ? '' : seconds(v))
              },
              {
                label: 'p99 wait',
                stroke: theme.series[1],
                width: 2.5,
                value: maskedValue(seconds, () => live.current.hiddenIndex)
              }
            ],
            hooks: {
              draw: [
                (u) => {
                  const l = live.current
                  const ctx = u.ctx
                  const x1 = u.valToPos(1, 'x', true)
                  ctx.save()
                  ctx.fillStyle = alpha(theme.bad.startsWith('#') ? theme.bad : '#c0392b', 0.12)
                  ctx.fillRect(x1, u.bbox.top, u.bbox.left + u.bbox.width - x1, u.bbox.height)
                  ctx.fillStyle = theme.bad
                  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`
                  ctx.fillText('unstable', x1 + 4 * devicePixelRatio, u.bbox.top + 28 * devicePixelRatio)
                  ctx.restore()
                  hline(u, l.sla, theme.bad, `SLA ${seconds(l.sla)}`)
                  vline(u, Math.min(l.rho, 1.09), theme.text, l.rho >= 1 ? `ρ = ${sig(l.rho)} (unstable)` : 'current', [2, 3])
                  if (l.revealed && l.cur && Number.isFinite(l.cur.waitP99)) dot(u, l.rho, l.cur.waitP99, theme.series[1]!, 5)
                }
              ]
            }
          })}
        />
      }
      prediction={{
        question: `${p.servers} servers at ${sig(p.serviceRate)} req/s each, ${sig(p.arrivalRate)} req/s arriving: what is the p99 wait in the queue?`,
        unit: 'ms',
        factor: 1e-3,
        actual: cur?.waitP99 ?? null,
        request: current,
        format: seconds,
        nonFiniteReason: UNSTABLE
      }}
      math={
        <MathPanel
          lines={[
            `\\rho = \\frac{\\lambda}{c\\,\\mu} = \\frac{${tex(p.arrivalRate)}}{${p.servers} \\times ${tex(p.serviceRate)}} = ${tex(rho)}${rho >= 1 ? '\\ \\ge 1 \\Rightarrow \\text{unstable}' : ''}`,
            `C(c, a) = \\frac{\\frac{a^c}{c!}\\frac{1}{1-\\rho}}{\\sum_{k=0}^{c-1}\\frac{a^k}{k!} + \\frac{a^c}{c!}\\frac{1}{1-\\rho}},\\ a = \\frac{\\lambda}{\\mu} = ${tex(p.arrivalRate / p.serviceRate)} \\Rightarrow C = ${cur ? tex(cur.probWait) : '\\ldots'}`,
            `P(W > t) = C\\,e^{-(c\\mu - \\lambda)t} \\Rightarrow W_{99} = \\frac{\\ln(C / 0.01)}{c\\mu - \\lambda} = ${cur ? (Number.isFinite(cur.waitP99) ? texSeconds(cur.waitP99) : '\\infty\\ (\\text{unstable})') : '\\ldots'}`,
            `\\bar W = \\frac{C}{c\\mu - \\lambda} = ${cur ? (Number.isFinite(cur.meanWait) ? texSeconds(cur.meanWait) : '\\infty') : '\\ldots'}`
          ]}
          notes="M/M/c: Poisson arrivals, exponential service times, c identical servers, first come first served. Waits explode as ρ → 1: that knee, not the average, is what an SLA feels."
        />
      }
    />
  )
}
