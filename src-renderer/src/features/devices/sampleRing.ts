/**
 * The plotter's memory: the last `capacity` samples of each column, in fixed arrays (no growth, no
 * per-sample allocation), plus the count of every sample ever appended, so the page can show that none
 * was dropped. x is the sample number. When the columns change (another sketch), it starts over.
 */
export class SampleRing {
  names: string[] = []
  /** Samples appended since the last reset (all of them, not just those kept). */
  total = 0
  /** Changes whenever the contents change: a redraw is needed. */
  version = 0
  private xs: Float64Array
  private cols: Float64Array[] = []
  private start = 0
  private size = 0

  constructor(readonly capacity = 1000) {
    this.xs = new Float64Array(capacity)
  }

  reset(names: string[] = []): void {
    this.names = names
    this.cols = names.map(() => new Float64Array(this.capacity))
    this.start = 0
    this.size = 0
    this.total = 0
    this.version++
  }

  append(names: string[], rows: readonly (readonly number[])[]): void {
    if (names.join('\u0000') !== this.names.join('\u0000')) this.reset(names)
    for (const row of rows) {
      const at = (this.start + this.size) % this.capacity
      this.xs[at] = this.total
      for (let c = 0; c < this.cols.length; c++) this.cols[c]![at] = row[c] ?? Number.NaN
      if (this.size < this.capacity) this.size++
      else this.start = (this.start + 1) % this.capacity
      this.total++
    }
    if (rows.length > 0) this.version++
  }

  /** The kept samples in order, as uPlot's aligned data: [x, column 1, column 2, …]. */
  data(): number[][] {
    const out: number[][] = [new Array(this.size), ...this.cols.map(() => new Array(this.size))]
    for (let i = 0; i < this.size; i++) {
      const at = (this.start + i) % this.capacity
      out[0]![i] = this.xs[at]!
      for (let c = 0; c < this.cols.length; c++) out[c + 1]![i] = this.cols[c]![at]!
    }
    return out
  }

  /** The latest value of each column. */
  latest(): number[] {
    if (this.size === 0) return []
    const at = (this.start + this.size - 1) % this.capacity
    return this.cols.map((c) => c[at]!)
  }
}
