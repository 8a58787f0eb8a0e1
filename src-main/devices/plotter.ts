/**
 * The serial console's text side: splitting a byte stream into lines, and reading plotter samples from
 * them, as the Arduino IDE's plotter does: numbers separated by commas, spaces or tabs (`1.5,2,3`), or
 * `name:value` pairs (`ax:0.01,ay:-0.2`). Unnamed columns are c1, c2, …; a line with anything else
 * (words, `#` comments) is text, not a sample.
 */

export const MAX_COLUMNS = 32
/** Longer lines are cut here (a board printing without newlines must not grow memory). */
export const MAX_LINE_CHARS = 4096

export interface PlotSample {
  names: string[]
  values: number[]
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/

export function parsePlotLine(line: string): PlotSample | null {
  const text = line.trim()
  if (text === '' || text.startsWith('#')) return null
  const tokens = text.split(/[,\t ]+/).filter((t) => t !== '')
  if (tokens.length === 0 || tokens.length > MAX_COLUMNS) return null
  const names: string[] = []
  const values: number[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const colon = token.indexOf(':')
    const name = colon < 0 ? `c${i + 1}` : token.slice(0, colon)
    const value = colon < 0 ? token : token.slice(colon + 1)
    if (!NAME.test(name) || !NUMBER.test(value)) return null
    const v = Number(value)
    if (!Number.isFinite(v) || names.includes(name)) return null
    names.push(name)
    values.push(v)
  }
  return { names, values }
}

function cut(line: string): string[] {
  if (line.length <= MAX_LINE_CHARS) return [line]
  const pieces: string[] = []
  for (let i = 0; i < line.length; i += MAX_LINE_CHARS) pieces.push(line.slice(i, i + MAX_LINE_CHARS))
  return pieces
}

/** Splits a byte stream into lines (\n, with a trailing \r dropped); UTF-8 across chunk boundaries. */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })
  private partial = ''

  push(bytes: Uint8Array): string[] {
    const text = this.partial + this.decoder.decode(bytes, { stream: true })
    const parts = text.split('\n')
    this.partial = parts.pop()!
    const lines: string[] = []
    for (const part of parts) lines.push(...cut(part.endsWith('\r') ? part.slice(0, -1) : part))
    while (this.partial.length > MAX_LINE_CHARS) {
      lines.push(this.partial.slice(0, MAX_LINE_CHARS))
      this.partial = this.partial.slice(MAX_LINE_CHARS)
    }
    return lines
  }

  reset(): void {
    this.partial = ''
  }
}
