// Energy, carbon, water and total cost of ownership.
import type { SimParams, SimResult } from '../../src-preload/contract'
import { lookupAccelerator, lookupGrid, numberOr, pick } from './resolve'
import { fraction, nonNegative, paramsObject, positive, ranks } from './validate'

export const JOULES_PER_KWH = 3.6e6
export const SECONDS_PER_YEAR = 365 * 24 * 3600

/**
 * IT energy = power x devices x utilization x duration; facility energy = IT x PUE;
 * carbon = facility kWh x grid gCO2e/kWh; water = IT kWh x WUE (L/kWh, defined per IT kWh by The Green Grid).
 */
export function sustainability(params: SimParams<'sustainability'>): SimResult<'sustainability'> {
  const p = paramsObject(params, 'sustainability')
  const acc = lookupAccelerator(p)
  const grid = lookupGrid(p)
  const power = pick(p, 'powerWatts', acc?.tdpWatts, nonNegative, 'give powerWatts or an accelerator with a TDP')
  const devices = numberOr(p, 'devices', 1, ranks)
  const duration = pick(p, 'durationSeconds', undefined, nonNegative)
  const utilization = numberOr(p, 'utilization', 1, fraction)
  const carbon = pick(p, 'carbonGramsPerKwh', grid?.carbonGramsPerKwh, nonNegative, 'give a grid id or carbonGramsPerKwh')
  const pue = pick(p, 'pue', grid?.pue ?? 1, positive)
  const wue = pick(p, 'waterLitersPerKwh', grid?.waterLitersPerKwh ?? 0, nonNegative)
  const itEnergyJoules = power * devices * utilization * duration
  const facilityEnergyJoules = itEnergyJoules * pue
  const itEnergyKwh = itEnergyJoules / JOULES_PER_KWH
  const facilityEnergyKwh = facilityEnergyJoules / JOULES_PER_KWH
  return {
    itEnergyJoules,
    facilityEnergyJoules,
    itEnergyKwh,
    facilityEnergyKwh,
    carbonKilograms: (facilityEnergyKwh * carbon) / 1000,
    waterLiters: itEnergyKwh * wue
  }
}

/** TCO: capex amortised straight-line over `years` + energy (x PUE) + maintenance (fraction of capex per year). */
export function tco(params: SimParams<'tco'>): SimResult<'tco'> {
  const p = paramsObject(params, 'tco')
  const acc = lookupAccelerator(p)
  const grid = lookupGrid(p)
  const price = pick(p, 'priceDollars', acc?.priceDollars, nonNegative, 'give priceDollars or an accelerator with a price')
  const power = pick(p, 'powerWatts', acc?.tdpWatts, nonNegative, 'give powerWatts or an accelerator with a TDP')
  const devices = numberOr(p, 'devices', 1, ranks)
  const years = numberOr(p, 'years', 3, positive)
  const utilization = numberOr(p, 'utilization', 1, fraction)
  const pue = pick(p, 'pue', grid?.pue ?? 1, positive)
  const dollarsPerKwh = numberOr(p, 'dollarsPerKwh', 0.1, nonNegative)
  const maintenance = numberOr(p, 'maintenanceFractionPerYear', 0.1, nonNegative)
  const capexDollars = price * devices
  const amortisedCapexDollarsPerYear = capexDollars / years
  const energyKwhPerYear = (power * devices * utilization * pue * SECONDS_PER_YEAR) / JOULES_PER_KWH
  const energyDollarsPerYear = energyKwhPerYear * dollarsPerKwh
  const maintenanceDollarsPerYear = capexDollars * maintenance
  const totalDollarsPerYear = amortisedCapexDollarsPerYear + energyDollarsPerYear + maintenanceDollarsPerYear
  return {
    capexDollars,
    amortisedCapexDollarsPerYear,
    energyKwhPerYear,
    energyDollarsPerYear,
    maintenanceDollarsPerYear,
    totalDollarsPerYear,
    totalDollars: totalDollarsPerYear * years,
    dollarsPerDeviceHour: totalDollarsPerYear / (devices * (SECONDS_PER_YEAR / 3600))
  }
}
