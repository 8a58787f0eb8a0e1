import type uPlot from 'uplot'
import { type Accelerator, type Catalog, PRECISIONS, type Precision } from '../../../../../src-preload/contract'

export interface DashProps {
  catalog: Catalog
}

export function accelOptions(catalog: Catalog, filter: (a: Accelerator) => boolean = () => true) {
  return catalog.accelerators.filter(filter).map((a) => ({ value: a.id, label: a.name }))
}

/** The catalog's language models, for a Model picker. */
export function llmOptions(catalog: Catalog) {
  return catalog.models.filter((m) => m.kind === 'llm').map((m) => ({ value: m.id, label: m.name }))
}

export function precisionOptions(acc?: Accelerator) {
  return PRECISIONS.map((p) => ({
    value: p,
    label: acc && acc.peakFlopsPerSecond[p] === undefined ? `${p} (no ${p} figure for this device)` : p,
    disabled: acc ? acc.peakFlopsPerSecond[p] === undefined : false
  }))
}

/** The given precision if the device has a figure for it, else the first one it has. */
export function usablePrecision(acc: Accelerator | undefined, p: Precision): Precision {
  if (!acc || acc.peakFlopsPerSecond[p] !== undefined) return p
  return PRECISIONS.find((q) => acc.peakFlopsPerSecond[q] !== undefined) ?? p
}

/** Label text on a panel-coloured backdrop so it stays readable over bars and grid lines. */
function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string, align: CanvasTextAlign) {
  ctx.setLineDash([])
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`
  ctx.textAlign = align
  const w = ctx.measureText(text).width
  const left = align === 'right' ? x - w : x
  const pad = 2 * devicePixelRatio
  ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--panel').trim() || '#fff'
  ctx.globalAlpha = 0.85
  ctx.fillRect(left - pad, y - 11 * devicePixelRatio, w + 2 * pad, 14 * devicePixelRatio)
  ctx.globalAlpha = 1
  ctx.fillStyle = color
  ctx.fillText(text, x, y)
}

/** Draws on a uPlot canvas in CSS pixels (uPlot's canvas is scaled by devicePixelRatio). */
export function canvasPos(u: uPlot, x: number, y: number, xScale = 'x', yScale = 'y'): [number, number] {
  return [u.valToPos(x, xScale, true), u.valToPos(y, yScale, true)]
}

export function dot(u: uPlot, x: number, y: number, color: string, r = 5, fill = true) {
  const ctx = u.ctx
  const [px, py] = canvasPos(u, x, y)
  if (!Number.isFinite(px) || !Number.isFinite(py)) return
  ctx.save()
  ctx.beginPath()
  ctx.arc(px, py, r * devicePixelRatio, 0, 2 * Math.PI)
  ctx.lineWidth = 2 * devicePixelRatio
  ctx.strokeStyle = color
  ctx.fillStyle = color
  if (fill) ctx.fill()
  ctx.stroke()
  ctx.restore()
}

export function vline(u: uPlot, x: number, color: string, text?: string, dash = [6, 4]) {
  const ctx = u.ctx
  const px = u.valToPos(x, 'x', true)
  if (!Number.isFinite(px)) return
  ctx.save()
  ctx.strokeStyle = color
  ctx.lineWidth = 1.5 * devicePixelRatio
  ctx.setLineDash(dash.map((d) => d * devicePixelRatio))
  ctx.beginPath()
  ctx.moveTo(px, u.bbox.top)
  ctx.lineTo(px, u.bbox.top + u.bbox.height)
  ctx.stroke()
  if (text) {
    ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`
    // Near the right edge the label goes on the line's left so it is not cut off.
    const fitsRight = px + 8 * devicePixelRatio + ctx.measureText(text).width < u.bbox.left + u.bbox.width
    label(
      ctx,
      text,
      fitsRight ? px + 4 * devicePixelRatio : px - 4 * devicePixelRatio,
      u.bbox.top + 12 * devicePixelRatio,
      color,
      fitsRight ? 'left' : 'right'
    )
  }
  ctx.restore()
}

export function hline(u: uPlot, y: number, color: string, text?: string, scale = 'y', dash = [6, 4], align: 'left' | 'right' = 'right') {
  const ctx = u.ctx
  const py = u.valToPos(y, scale, true)
  if (!Number.isFinite(py) || py < u.bbox.top - 1 || py > u.bbox.top + u.bbox.height + 1) return
  ctx.save()
  ctx.strokeStyle = color
  ctx.lineWidth = 2 * devicePixelRatio
  ctx.setLineDash(dash.map((d) => d * devicePixelRatio))
  ctx.beginPath()
  ctx.moveTo(u.bbox.left, py)
  ctx.lineTo(u.bbox.left + u.bbox.width, py)
  ctx.stroke()
  if (text) {
    const x = align === 'right' ? u.bbox.left + u.bbox.width - 4 * devicePixelRatio : u.bbox.left + 4 * devicePixelRatio
    label(ctx, text, x, py - 4 * devicePixelRatio, color, align)
  }
  ctx.restore()
}

/** Axis tick labels through a display formatter. */
export function ticks(fmt: (v: number) => string) {
  return (_u: uPlot, splits: number[]) => splits.map((v) => (v === null || v === undefined ? '' : fmt(v)))
}

/** Category axis: x = 0..n-1, labelled by name. */
export function categoryAxisValues(names: string[]) {
  return (_u: uPlot, splits: number[]) => splits.map((v) => (Number.isInteger(v) ? (names[v] ?? '') : ''))
}

/**
 * A legend formatter that prints '?' at the data index the prediction asks about until the guess is revealed,
 * so hovering over the chart does not give the answer away.
 */
export function maskedValue(fmt: (v: number) => string, hiddenAt: () => number | null) {
  return (_u: uPlot, v: number | null, _si: number, di: number | null): string => {
    if (v == null) return ''
    return di !== null && di === hiddenAt() ? '? predict first' : fmt(v)
  }
}

/** The chart's data with the column the prediction asks about left out, until the guess is revealed. */
export function withoutColumn(data: uPlot.AlignedData, index: number | null): uPlot.AlignedData {
  if (index === null || index < 0) return data
  return data.map((series, s) => (s === 0 ? series : Array.from(series, (v, i) => (i === index ? null : v)))) as uPlot.AlignedData
}

/** A "?" where the hidden column stands, so the gap reads as the question it is rather than missing data. */
export function questionMark(u: uPlot, x: number, color: string) {
  const px = u.valToPos(x, 'x', true)
  if (!Number.isFinite(px)) return
  const ctx = u.ctx
  ctx.save()
  ctx.font = `bold ${18 * devicePixelRatio}px system-ui, sans-serif`
  ctx.textAlign = 'center'
  ctx.fillStyle = color
  ctx.fillText('?', px, u.bbox.top + u.bbox.height - 8 * devicePixelRatio)
  ctx.restore()
}
