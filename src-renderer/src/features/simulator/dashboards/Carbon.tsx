import { useMemo, useRef } from 'react'
import uPlot from 'uplot'
import { DashFrame, useDashParams, useRuns, type Headline } from '../frame'
import { Plot, alpha, axis } from '../Plot'
import { Radio, Select, Slider } from '../controls'
import { MathPanel } from '../TeX'
import { type SimCall, simCall, sweepCall, usePrediction } from '../simStore'
import { dollars, sig, si, tex } from '../units'
import type { SimResult } from '../../../../../src-preload/contract'
import { categoryAxisValues, questionMark, withoutColumn, maskedValue, ticks, vline, type DashProps } from './common'

const ID = 'carbon'
const defaults = {
  accelerator: 'h100-sxm',
  devices: 1024,
  durationHours: 720,
  utilization: 0.7,
  grid: 'us',
  dollarsPerKwh: 0.1,
  years: 3,
  metric: 'carbon'
}

type Sus = SimResult<'sustainability'>
type Tco = SimResult<'tco'>

/** Kilograms as kg, tonnes or kilotonnes of CO₂e (tonnes read better than megagrams). */
function carbon(kg: number): string {
  if (!Number.isFinite(kg)) return si(kg, 'g')
  if (Math.abs(kg) < 1000) return `${sig(kg)} kg CO₂e`
  if (Math.abs(kg) < 1e6) return `${sig(kg / 1000)} t CO₂e`
  return `${sig(kg / 1e6)} kt CO₂e`
}

const short = (name: string) => name.replace(' (average)', '').replace(' data centre', '')

const METRICS: Record<string, { label: string; axis: string; get(s: Sus | null, t: Tco | null): number | null; fmt(v: number): string }> = {
  carbon: { label: 'Carbon', axis: 'CO₂e (t = 1000 kg)', get: (s) => s?.carbonKilograms ?? null, fmt: carbon },
  energy: { label: 'Facility energy', axis: 'kWh', get: (s) => s?.facilityEnergyKwh ?? null, fmt: (v) => si(v * 1000, 'Wh') },
  water: { label: 'Water', axis: 'litres', get: (s) => s?.waterLiters ?? null, fmt: (v) => si(v, 'L') },
  tco: { label: 'TCO per year', axis: '$ / year', get: (_s, t) => t?.totalDollarsPerYear ?? null, fmt: dollars }
}

export function CarbonDash({ catalog }: DashProps) {
  const [p, set] = useDashParams(ID, defaults)
  const grids = catalog.grids
  const ids = grids.map((g) => g.id)
  const acc = catalog.accelerators.find((a) => a.id === p.accelerator)
  const susBase = { accelerator: p.accelerator, devices: p.devices, durationSeconds: p.durationHours * 3600, utilization: p.utilization }
  const tcoBase = {
    accelerator: p.accelerator,
    devices: p.devices,
    utilization: p.utilization,
    dollarsPerKwh: p.dollarsPerKwh,
    years: p.years
  }
  const { results, error } = useRuns(ID, [sweepCall('sustainability', susBase, { grid: ids }), sweepCall('tco', tcoBase, { grid: ids })])
  const sus = results?.[0].points
  const tco = results?.[1].points
  const revealed = usePrediction(ID).revealed
  const rows = grids.map((g, i) => ({
    grid: g,
    s: sus?.[i]?.output ?? null,
    t: tco?.[i]?.output ?? null,
    err: sus?.[i]?.error ?? tco?.[i]?.error
  }))
  const sel = rows.find((r) => r.grid.id === p.grid) ?? rows[0]!
  const metric = METRICS[p.metric] ?? METRICS.carbon!
  const values = rows.map((r) => metric.get(r.s, r.t))
  const data = useMemo(() => [rows.map((_, i) => i), values] as uPlot.AlignedData, [results, p.metric])
  const selIndex = rows.indexOf(sel)
  // Until the guess is revealed, the selected region's carbon is not printed in the legend or the table.
  const hideCarbon = !revealed
  const live = useRef({ selIndex, metric, hiddenIndex: hideCarbon && p.metric === 'carbon' ? selIndex : null })
  live.current = { selIndex, metric, hiddenIndex: hideCarbon && p.metric === 'carbon' ? selIndex : null }
  const recordCall: SimCall = simCall('sustainability', { ...susBase, grid: sel.grid.id })
  const carbons = rows.map((r) => r.s?.carbonKilograms).filter((v): v is number => v !== undefined)
  const best = carbons.length ? Math.min(...carbons) : NaN
  const worst = carbons.length ? Math.max(...carbons) : NaN
  const tcoError = rows.find((r) => !r.t)?.err

  const headlines: Headline[] = [
    { id: 'carbon', label: `Carbon in ${sel.grid.name}`, value: sel.s ? METRICS.carbon!.fmt(sel.s.carbonKilograms) : '…', key: true },
    {
      id: 'energy',
      label: 'Facility energy (IT × PUE)',
      value: sel.s ? METRICS.energy!.fmt(sel.s.facilityEnergyKwh) : '…',
      detail: sel.s ? `IT ${si(sel.s.itEnergyKwh * 1000, 'Wh')}` : undefined
    },
    { id: 'water', label: 'On-site water', value: sel.s ? METRICS.water!.fmt(sel.s.waterLiters) : '…' },
    {
      id: 'tco',
      label: 'TCO per year',
      value: sel.t ? dollars(sel.t.totalDollarsPerYear) : 'no price figure',
      detail: sel.t ? `${dollars(sel.t.dollarsPerDeviceHour)} per device-hour` : undefined
    },
    { id: 'spread', label: 'Dirtiest / cleanest region', value: Number.isFinite(best) && best > 0 ? `${sig(worst / best, 3)}×` : '…' }
  ]

  return (
    <DashFrame
      dashboard={ID}
      error={error ?? rows.find((r) => !r.s)?.err ?? null}
      controls={
        <>
          <Select
            label="Accelerator"
            value={p.accelerator}
            options={catalog.accelerators.filter((a) => a.tdpWatts).map((a) => ({ value: a.id, label: `${a.name} — ${a.tdpWatts} W` }))}
            onChange={(v) => set('accelerator', v)}
          />
          <Slider
            label="Devices"
            value={p.devices}
            min={1}
            max={100000}
            scale="log"
            integer
            onChange={(v) => set('devices', v)}
            testId="carbon-devices"
          />
          <Slider
            label="Job duration"
            unit="hours"
            value={p.durationHours}
            min={1}
            max={8760}
            scale="log"
            onChange={(v) => set('durationHours', v)}
            testId="carbon-hours"
          />
          <Slider
            label="Average power (share of TDP)"
            unit="%"
            factor={0.01}
            value={p.utilization}
            min={0.05}
            max={1}
            step={0.01}
            onChange={(v) => set('utilization', v)}
          />
          <Select
            label="Your region"
            value={p.grid}
            options={grids.map((g) => ({ value: g.id, label: `${g.name} — ${g.carbonGramsPerKwh} g/kWh, PUE ${g.pue}` }))}
            onChange={(v) => set('grid', v)}
            testId="carbon-grid"
          />
          <Slider
            label="Electricity price"
            unit="$/kWh"
            value={p.dollarsPerKwh}
            min={0.01}
            max={0.5}
            step={0.005}
            onChange={(v) => set('dollarsPerKwh', v)}
          />
          <Slider label="Amortisation period" unit="years" value={p.years} min={1} max={8} integer onChange={(v) => set('years', v)} />
          <Radio
            legend="Chart"
            value={p.metric}
            options={Object.entries(METRICS).map(([k, m]) => ({ value: k, label: m.label }))}
            onChange={(v) => set('metric', v)}
          />
        </>
      }
      headlines={headlines}
      chart={
        <Plot
          label={`${metric.label} of the same job in each grid region`}
          shape={p.metric}
          data={withoutColumn(data, live.current.hiddenIndex)}
          options={(theme) => ({
            scales: { x: { time: false, range: [-0.6, rows.length - 0.4] }, y: { range: (_u, _min, max) => [0, max * 1.1 || 1] } },
            axes: [
              axis(theme, {
                label: 'Grid region',
                values: categoryAxisValues(rows.map((r) => short(r.grid.name))),
                splits: () => rows.map((_, i) => i)
              }),
              axis(theme, { label: metric.axis, size: 80, values: ticks((v) => live.current.metric.fmt(v).replace(' CO₂e', '')) })
            ],
            series: [
              { label: 'region', value: (_u, v) => (v == null ? '' : (rows[v]?.grid.name ?? '')) },
              {
                label: metric.label,
                stroke: theme.series[p.metric === 'tco' ? 4 : p.metric === 'water' ? 6 : p.metric === 'energy' ? 1 : 2],
                fill: alpha(theme.series[p.metric === 'tco' ? 4 : p.metric === 'water' ? 6 : p.metric === 'energy' ? 1 : 2]!, 0.75),
                paths: uPlot.paths.bars!({ size: [0.6, 80] }),
                points: { show: false },
                value: maskedValue(
                  (v) => live.current.metric.fmt(v),
                  () => live.current.hiddenIndex
                )
              }
            ],
            hooks: {
              draw: [
                (u) => {
                  vline(u, live.current.selIndex, theme.text, 'your region', [2, 3])
                  if (live.current.hiddenIndex !== null) questionMark(u, live.current.hiddenIndex, theme.text)
                }
              ]
            }
          })}
        />
      }
      extra={
        <div className="card">
          <table className="sim-table" data-testid="carbon-table">
            <caption className="sr-only">The job in every region</caption>
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">g CO₂e/kWh</th>
                <th scope="col">PUE</th>
                <th scope="col">Facility energy</th>
                <th scope="col">Carbon</th>
                <th scope="col">Water</th>
                <th scope="col">TCO / year</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.grid.id} className={r === sel ? 'selected' : undefined}>
                  <td title={r.grid.source}>{r.grid.name}</td>
                  <td>{r.grid.carbonGramsPerKwh}</td>
                  <td>{r.grid.pue}</td>
                  <td>{r.s ? METRICS.energy!.fmt(r.s.facilityEnergyKwh) : '—'}</td>
                  <td>{r.s ? (r === sel && hideCarbon ? '? predict first' : METRICS.carbon!.fmt(r.s.carbonKilograms)) : '—'}</td>
                  <td>{r.s ? METRICS.water!.fmt(r.s.waterLiters) : '—'}</td>
                  <td>{r.t ? dollars(r.t.totalDollarsPerYear) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {tcoError ? <p className="sim-hint">TCO: {tcoError}</p> : null}
        </div>
      }
      prediction={{
        question: `${p.devices} × ${acc?.name ?? p.accelerator} for ${sig(p.durationHours)} h at ${Math.round(p.utilization * 100)} % of TDP in ${sel.grid.name}: how many tonnes of CO₂e?`,
        unit: 't CO₂e',
        factor: 1000,
        actual: sel.s?.carbonKilograms ?? null,
        request: recordCall,
        format: (v) => METRICS.carbon!.fmt(v)
      }}
      math={
        <MathPanel
          lines={[
            `E_{IT} = P_{TDP} \\cdot n \\cdot u \\cdot T = ${acc?.tdpWatts ?? '?'}\\,\\text{W} \\times ${p.devices} \\times ${tex(p.utilization)} \\times ${tex(p.durationHours)}\\,\\text{h} = ${sel.s ? tex(sel.s.itEnergyKwh) : '\\ldots'}\\,\\text{kWh}`,
            `E_{fac} = E_{IT} \\cdot \\text{PUE} = ${sel.s ? tex(sel.s.itEnergyKwh) : '\\ldots'} \\times ${sel.grid.pue} = ${sel.s ? tex(sel.s.facilityEnergyKwh) : '\\ldots'}\\,\\text{kWh}`,
            `C = E_{fac} \\cdot I_{grid} = ${sel.s ? tex(sel.s.facilityEnergyKwh) : '\\ldots'}\\,\\text{kWh} \\times ${sel.grid.carbonGramsPerKwh}\\,\\text{g/kWh} = ${sel.s ? tex(sel.s.carbonKilograms) : '\\ldots'}\\,\\text{kg CO}_2\\text{e}`,
            `W = E_{IT} \\cdot \\text{WUE} = ${sel.s ? tex(sel.s.itEnergyKwh) : '\\ldots'} \\times ${sel.grid.waterLitersPerKwh}\\,\\text{L/kWh} = ${sel.s ? tex(sel.s.waterLiters) : '\\ldots'}\\,\\text{L}`,
            `\\text{TCO/yr} = \\frac{\\text{capex}}{${p.years}} + E_{yr}\\cdot \\$${p.dollarsPerKwh} + 0.1\\,\\text{capex} = ${sel.t ? `\\$${tex(sel.t.amortisedCapexDollarsPerYear)} + \\$${tex(sel.t.energyDollarsPerYear)} + \\$${tex(sel.t.maintenanceDollarsPerYear)} = \\$${tex(sel.t.totalDollarsPerYear)}` : '\\ldots'}`
          ]}
          notes="Carbon intensities are annual averages (Ember 2023); PUE and WUE are fleet averages, so regional water differences are not modelled. TCO assumes running all year at the given power share."
        />
      }
    />
  )
}
