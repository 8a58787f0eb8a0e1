import { useEffect, useId, useState, type ReactNode } from 'react'
import { sig } from './units'

export type SliderScale = 'linear' | 'log' | 'pow2'

export interface SliderProps {
  label: string
  /** Value in SI units. */
  value: number
  onChange(v: number): void
  min: number
  max: number
  /** Display unit and the factor from SI to it (e.g. 'GB', 1e9). */
  unit?: string
  factor?: number
  scale?: SliderScale
  step?: number
  integer?: boolean
  /** Typed values may go beyond the slider's range, within these bounds (SI). */
  typedMin?: number
  typedMax?: number
  hint?: string
  testId?: string
}

function toPos(v: number, scale: SliderScale): number {
  return scale === 'log' ? Math.log10(v) : scale === 'pow2' ? Math.log2(v) : v
}
function fromPos(p: number, scale: SliderScale): number {
  return scale === 'log' ? 10 ** p : scale === 'pow2' ? 2 ** Math.round(p) : p
}
/** Rounds a log-slider value to three significant figures so it reads cleanly. */
function tidy(v: number): number {
  if (v === 0) return 0
  const e = Math.floor(Math.log10(Math.abs(v))) - 2
  return Math.round(v / 10 ** e) * 10 ** e
}

/** A labelled slider with a typed number beside it; bad numbers are refused with a message and keep the text. */
export function Slider(props: SliderProps) {
  const { label, value, onChange, min, max, unit = '', factor = 1, scale = 'linear', integer = false, hint, testId } = props
  const id = useId()
  const typedMin = props.typedMin ?? min
  const typedMax = props.typedMax ?? max
  const shown = (v: number) => sig(v / factor, 4).replace(/,/g, '')
  const [text, setText] = useState(shown(value))
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (!editing) {
      setText(shown(value))
      setError(null)
    }
  }, [value, editing])

  const step = props.step ?? (scale === 'linear' ? (integer ? 1 : (max - min) / 200) : scale === 'pow2' ? 1 : 0.01)
  const commit = () => {
    const typed = Number(text.trim().replace(/,/g, ''))
    const v = typed * factor
    if (text.trim() === '' || !Number.isFinite(typed)) {
      setError(`“${text}” is not a number; ${label.toLowerCase()} is still ${shown(value)} ${unit}`.trim())
      return
    }
    if (v < typedMin || v > typedMax) {
      setError(`Enter ${integer ? 'a whole number ' : ''}between ${shown(typedMin)} and ${shown(typedMax)} ${unit}`.trim())
      return
    }
    if (integer && !Number.isInteger(v)) {
      setError('Enter a whole number')
      return
    }
    if (scale === 'pow2' && !Number.isInteger(Math.log2(v))) {
      setError('Enter a power of two (1, 2, 4, 8, …)')
      return
    }
    setError(null)
    setEditing(false)
    onChange(v)
  }

  return (
    <div className="sim-control">
      <label htmlFor={id} className="sim-label">
        {label}
        {unit ? <span className="muted"> ({unit})</span> : null}
      </label>
      <div className="sim-slider-row">
        <input
          id={id}
          type="range"
          min={toPos(min, scale)}
          max={toPos(max, scale)}
          step={step}
          value={toPos(Math.min(max, Math.max(min, value)), scale)}
          onChange={(e) => {
            let v = fromPos(Number(e.target.value), scale)
            if (scale === 'log') v = tidy(v)
            if (integer) v = Math.round(v)
            setEditing(false)
            onChange(v)
          }}
          data-testid={testId}
          aria-valuetext={`${shown(value)} ${unit}`.trim()}
        />
        <input
          type="text"
          inputMode="decimal"
          className={`sim-number ${error ? 'invalid' : ''}`}
          aria-label={`${label} typed${unit ? ` in ${unit}` : ''}`}
          aria-invalid={error ? true : undefined}
          value={text}
          data-testid={testId ? `${testId}-typed` : undefined}
          onChange={(e) => {
            setEditing(true)
            setText(e.target.value)
          }}
          onBlur={() => (editing ? commit() : undefined)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit()
            if (e.key === 'Escape') {
              setEditing(false)
              setError(null)
            }
          }}
        />
      </div>
      {error ? (
        <p className="sim-error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="sim-hint">{hint}</p>
      ) : null}
    </div>
  )
}

export function Select<T extends string | number>({
  label,
  value,
  options,
  onChange,
  testId,
  hint
}: {
  label: string
  value: T
  options: { value: T; label: string; disabled?: boolean }[]
  onChange(v: T): void
  testId?: string
  hint?: ReactNode
}) {
  const id = useId()
  return (
    <div className="sim-control">
      <label htmlFor={id} className="sim-label">
        {label}
      </label>
      <select
        id={id}
        className="sim-select"
        value={String(value)}
        data-testid={testId}
        onChange={(e) => {
          const opt = options.find((o) => String(o.value) === e.target.value)
          if (opt) onChange(opt.value)
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <p className="sim-hint">{hint}</p> : null}
    </div>
  )
}

export function MultiCheck({
  legend,
  values,
  options,
  onChange,
  testId
}: {
  legend: string
  values: string[]
  options: { value: string; label: string; disabled?: boolean; note?: string }[]
  onChange(v: string[]): void
  testId?: string
}) {
  return (
    <fieldset className="sim-control sim-multicheck" data-testid={testId}>
      <legend className="sim-label">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className={o.disabled ? 'muted' : undefined} title={o.note}>
          <input
            type="checkbox"
            checked={values.includes(o.value)}
            disabled={o.disabled}
            onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
          />{' '}
          {o.label}
          {o.note ? <span className="muted"> — {o.note}</span> : null}
        </label>
      ))}
    </fieldset>
  )
}

export function Radio<T extends string | number>({
  legend,
  value,
  options,
  onChange,
  testId
}: {
  legend: string
  value: T
  options: { value: T; label: string }[]
  onChange(v: T): void
  testId?: string
}) {
  const name = useId()
  return (
    <fieldset className="sim-control sim-radio" data-testid={testId}>
      <legend className="sim-label">{legend}</legend>
      <div className="sim-radio-row">
        {options.map((o) => (
          <label key={String(o.value)}>
            <input type="radio" name={name} checked={o.value === value} onChange={() => onChange(o.value)} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  )
}
