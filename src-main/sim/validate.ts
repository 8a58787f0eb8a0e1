// Input validation shared by every simulator function.
// Every check throws SimInputError whose message starts with the field name,
// e.g. `bandwidth must be > 0 (got 0)`.

export class SimInputError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(message)
    this.name = 'SimInputError'
    this.field = field
  }
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** The single params object every function takes. */
export function paramsObject(params: unknown, fn: string): Record<string, unknown> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new SimInputError('params', `params for ${fn} must be an object of named parameters (got ${show(params)})`)
  }
  return params as Record<string, unknown>
}

/** A finite number. */
export function finite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SimInputError(field, `${field} must be a finite number (got ${show(value)})`)
  }
  return value
}

/** A finite number >= 0. */
export function nonNegative(field: string, value: unknown): number {
  const v = finite(field, value)
  if (v < 0) throw new SimInputError(field, `${field} must be >= 0 (got ${v})`)
  return v
}

/** A finite number > 0. */
export function positive(field: string, value: unknown): number {
  const v = finite(field, value)
  if (!(v > 0)) throw new SimInputError(field, `${field} must be > 0 (got ${v})`)
  return v
}

/** A finite number in [0, 1]. */
export function fraction(field: string, value: unknown): number {
  const v = finite(field, value)
  if (v < 0 || v > 1) throw new SimInputError(field, `${field} must be between 0 and 1 (got ${v})`)
  return v
}

/** A finite number in [0, 1). */
export function fractionBelowOne(field: string, value: unknown): number {
  const v = fraction(field, value)
  if (v >= 1) throw new SimInputError(field, `${field} must be < 1 (got ${v})`)
  return v
}

/** An efficiency: a number in (0, 1]. */
export function efficiency(field: string, value: unknown): number {
  const v = finite(field, value)
  if (!(v > 0) || v > 1) throw new SimInputError(field, `${field} must be > 0 and <= 1 (got ${v})`)
  return v
}

/** An integer count >= min (default 0). */
export function integer(field: string, value: unknown, min = 0): number {
  const v = finite(field, value)
  if (!Number.isInteger(v)) throw new SimInputError(field, `${field} must be an integer (got ${v})`)
  if (v < min) throw new SimInputError(field, `${field} must be >= ${min} (got ${v})`)
  return v
}

/** Number of ranks / devices / servers: an integer >= 1. */
export function ranks(field: string, value: unknown): number {
  return integer(field, value, 1)
}

export function oneOf<T extends string>(field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new SimInputError(field, `${field} must be one of ${options.map((o) => `'${o}'`).join(', ')} (got ${show(value)})`)
  }
  return value as T
}

/** An integer count >= 0. */
export function count(field: string, value: unknown): number {
  return integer(field, value, 0)
}
