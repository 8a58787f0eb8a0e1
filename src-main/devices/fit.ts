/**
 * Will a model fit a board, and how long will one inference take there? Flash: the model file (a
 * compiled-in deployment keeps it in flash). RAM: the activation arena tinyrt needs (see arenaBytes).
 * Latency: MACs and outputs times the profile's cycles, over its clock.
 *
 * Sizes print in the units board datasheets use: KB = 1024 bytes, MB = 1024 KB ("1 MB flash" is
 * 1,048,576 bytes on an nRF52840).
 */
import { arenaBytes, macCount } from './interpreter'
import type { TtmModel } from './ttm'

export interface Footprint {
  flashBytes: number
  ramBytes: number
  macs: number
}

export interface FitCheck {
  fits: boolean
  flash: { needBytes: number; haveBytes: number; fits: boolean }
  ram: { needBytes: number; haveBytes: number; fits: boolean }
  /** "fits: 18.4 KB of 1 MB flash, peak 512 B of 256 KB RAM" */
  message: string
}

export function footprint(model: TtmModel, fileBytes: number): Footprint {
  return { flashBytes: fileBytes, ramBytes: arenaBytes(model), macs: macCount(model) }
}

/** 512 B, 18.4 KB, 256 KB, 1 MB, 1.5 MB (binary multiples, one decimal where it is not whole). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB']
  const text = value.toFixed(1)
  return `${text.endsWith('.0') ? text.slice(0, -2) : text} ${unit}`
}

export function fitCheck(need: Footprint, board: { flashBytes: number; ramBytes: number }): FitCheck {
  const flash = { needBytes: need.flashBytes, haveBytes: board.flashBytes, fits: need.flashBytes <= board.flashBytes }
  const ram = { needBytes: need.ramBytes, haveBytes: board.ramBytes, fits: need.ramBytes <= board.ramBytes }
  const fits = flash.fits && ram.fits
  const text = `${formatSize(need.flashBytes)} of ${formatSize(board.flashBytes)} flash, peak ${formatSize(need.ramBytes)} of ${formatSize(board.ramBytes)} RAM`
  const over = [!flash.fits ? 'flash' : null, !ram.fits ? 'RAM' : null].filter(Boolean).join(' and ')
  return { fits, flash, ram, message: fits ? `fits: ${text}` : `does not fit: ${text} (too much ${over}: use fewer or smaller layers)` }
}

/** Estimated time of one inference: (MACs · cyclesPerMac + outputs · cyclesPerOutput) / clock. */
export function estimateSeconds(model: TtmModel, board: { clockHz: number; cyclesPerMac: number; cyclesPerOutput: number }): number {
  const outputs = model.layers.reduce((s, l) => s + l.outSize, 0)
  return (macCount(model) * board.cyclesPerMac + outputs * board.cyclesPerOutput) / board.clockHz
}
