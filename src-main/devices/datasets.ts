/**
 * Labelled datasets captured from the plotter: CSV files `<data>/datasets/<name>.csv` with a header
 * `label,<column>,…` and one row per sample, in capture order. Training reads them back into examples
 * (optionally windows of consecutive samples of one label) and splits them into train and test sets.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
export const LABEL = /^[A-Za-z0-9_-]{1,32}$/
const COLUMN = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/
/** A dataset larger than this is refused when read (training runs in a sandbox with a memory cap). */
export const MAX_DATASET_BYTES = 32 * 1024 * 1024

export class DatasetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatasetError'
  }
}

export interface Dataset {
  columns: string[]
  rows: { label: string; values: number[] }[]
}

export interface DatasetSummary {
  name: string
  path: string
  columns: string[]
  rows: number
  labels: Record<string, number>
  bytes: number
  modifiedAt: string
}

export function csvHeader(columns: readonly string[]): string {
  return `label,${columns.join(',')}\n`
}

export function csvRows(label: string, rows: readonly (readonly number[])[]): string {
  return rows.map((values) => `${label},${values.join(',')}\n`).join('')
}

/** Reads a dataset CSV; a malformed file is refused naming the line. */
export function parseDataset(text: string): Dataset {
  const lines = text.split(/\r?\n/)
  const header = lines[0]?.split(',') ?? []
  if (header[0] !== 'label' || header.length < 2)
    throw new DatasetError('line 1: the header must be label,<column>,… (at least one column)')
  const columns = header.slice(1)
  for (const c of columns) if (!COLUMN.test(c)) throw new DatasetError(`line 1: "${c}" is not a column name`)
  const rows: Dataset['rows'] = []
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const cells = line.split(',')
    if (cells.length !== header.length) throw new DatasetError(`line ${i + 1}: ${cells.length} cells, the header has ${header.length}`)
    const label = cells[0]!
    if (!LABEL.test(label)) throw new DatasetError(`line ${i + 1}: "${label.slice(0, 40)}" is not a label (letters, digits, _ and -)`)
    const values = cells.slice(1).map(Number)
    if (values.some((v, k) => !Number.isFinite(v) || cells[k + 1]!.trim() === ''))
      throw new DatasetError(`line ${i + 1}: every value must be a finite number`)
    rows.push({ label, values })
  }
  return { columns, rows }
}

export interface Examples {
  features: number[][]
  labels: number[]
  classes: string[]
}

/**
 * Examples from a dataset: each is `window` consecutive samples of one label, flattened (window 1: one
 * sample per example). Windows do not overlap and never straddle a change of label.
 */
export function toExamples(data: Dataset, window = 1): Examples {
  if (!Number.isInteger(window) || window < 1 || window > 256)
    throw new DatasetError('the window is a whole number of samples from 1 to 256')
  const classes = [...new Set(data.rows.map((r) => r.label))].sort()
  const features: number[][] = []
  const labels: number[] = []
  let run: number[] = []
  let runLabel: string | null = null
  let count = 0
  for (const row of data.rows) {
    if (row.label !== runLabel) {
      run = []
      count = 0
      runLabel = row.label
    }
    run.push(...row.values)
    if (++count === window) {
      features.push(run)
      labels.push(classes.indexOf(row.label))
      run = []
      count = 0
    }
  }
  return { features, labels, classes }
}

/** A deterministic split: every `every`-th example of each class goes to the test set. */
export function splitExamples(ex: Examples, every = 5): { train: Examples; test: Examples } {
  const train: Examples = { features: [], labels: [], classes: ex.classes }
  const test: Examples = { features: [], labels: [], classes: ex.classes }
  const seen = new Map<number, number>()
  ex.features.forEach((x, i) => {
    const label = ex.labels[i]!
    const k = (seen.get(label) ?? 0) + 1
    seen.set(label, k)
    const into = k % every === 0 ? test : train
    into.features.push(x)
    into.labels.push(label)
  })
  return { train, test }
}

/** The datasets folder of a learner's data directory. */
export class DatasetStore {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'datasets')
  }

  pathOf(name: string): string {
    if (!DATASET_NAME.test(name)) throw new DatasetError(`"${name}" is not a dataset name: letters, digits, _ and - (up to 64)`)
    return join(this.dir, `${name}.csv`)
  }

  list(): DatasetSummary[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.csv') && DATASET_NAME.test(f.slice(0, -4)))
      .sort()
      .flatMap((f) => {
        const name = f.slice(0, -4)
        try {
          return [this.summary(name)]
        } catch {
          return []
        }
      })
  }

  summary(name: string): DatasetSummary {
    const path = this.pathOf(name)
    const data = this.read(name)
    const labels: Record<string, number> = {}
    for (const r of data.rows) labels[r.label] = (labels[r.label] ?? 0) + 1
    const st = statSync(path)
    return { name, path, columns: data.columns, rows: data.rows.length, labels, bytes: st.size, modifiedAt: st.mtime.toISOString() }
  }

  read(name: string): Dataset {
    const path = this.pathOf(name)
    if (!existsSync(path)) throw new DatasetError(`there is no dataset "${name}" (looked for ${path})`)
    if (statSync(path).size > MAX_DATASET_BYTES)
      throw new DatasetError(`dataset "${name}" is larger than ${MAX_DATASET_BYTES / 1048576} MB`)
    return parseDataset(readFileSync(path, 'utf8'))
  }

  /** Columns of an existing dataset, or null when it does not exist yet. */
  columnsOf(name: string): string[] | null {
    const path = this.pathOf(name)
    if (!existsSync(path)) return null
    const first = readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] ?? ''
    return first.split(',').slice(1)
  }

  /** Appends rows; creates the file with its header first. The columns must match an existing file's. */
  append(name: string, columns: readonly string[], label: string, rows: readonly (readonly number[])[]): void {
    if (!LABEL.test(label)) throw new DatasetError(`"${label}" is not a label: letters, digits, _ and - (up to 32)`)
    const path = this.pathOf(name)
    const existing = this.columnsOf(name)
    if (existing && existing.join(',') !== columns.join(','))
      throw new DatasetError(
        `dataset "${name}" has the columns ${existing.join(', ')}, but the stream has ${columns.join(', ')}: use another dataset name`
      )
    mkdirSync(this.dir, { recursive: true })
    if (!existing) writeFileSync(path, csvHeader(columns))
    if (rows.length > 0) appendFileSync(path, csvRows(label, rows))
  }
}
