/**
 * Fixed-point requantisation with the semantics of TensorFlow Lite's reference int8 kernels and
 * gemmlowp's "double rounding": a real multiplier M is stored as an int32 `multiplier` in [2^30, 2^31)
 * (a Q0.31 fraction in [0.5, 1)) and a power-of-two `shift`, M ≈ multiplier · 2^(shift − 31).
 *
 * Where the C++ leaves int32 overflow undefined (the left shift, the accumulator, adding the zero
 * point), this code and the C runtime both wrap modulo 2^32, which is what those kernels do in practice
 * on every gcc/clang target.
 */

export const INT32_MIN = -2147483648
export const INT32_MAX = 2147483647
/** The range of `shift` a TTM1 file may hold: a left shift below 31, a right shift of at most 31. */
export const SHIFT_MIN = -31
export const SHIFT_MAX = 30

/** x = m · 2^e with m in [0.5, 1) (C's frexp), for finite x ≠ 0. */
function frexp(x: number): { mantissa: number; exponent: number } {
  const abs = Math.abs(x)
  let exponent = Math.max(-1073, Math.floor(Math.log2(abs)) + 1)
  let m = abs * 2 ** -exponent
  // log2 can be off by one near powers of two; settle m into [0.5, 1) exactly (scaling by 2 is exact).
  while (m < 0.5) {
    m *= 2
    exponent--
  }
  while (m >= 1) {
    m /= 2
    exponent++
  }
  return { mantissa: Math.sign(x) * m, exponent }
}

/** std::round: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

/**
 * TFLite's QuantizeMultiplier: the int32 multiplier and shift for a real multiplier. 0 → (0, 0); a
 * multiplier below about 2^-31 flushes to (0, 0), as TFLite does.
 */
export function quantizeMultiplier(real: number): { multiplier: number; shift: number } {
  if (!Number.isFinite(real)) throw new RangeError(`cannot quantise the multiplier ${real}`)
  if (real === 0) return { multiplier: 0, shift: 0 }
  const { mantissa, exponent } = frexp(real)
  let shift = exponent
  let q = roundHalfAway(mantissa * 2 ** 31)
  if (q === 2 ** 31) {
    q /= 2
    shift++
  }
  if (shift < -31) return { multiplier: 0, shift: 0 }
  if (shift > SHIFT_MAX) throw new RangeError(`the multiplier ${real} is too large to requantise (shift ${shift} > ${SHIFT_MAX})`)
  return { multiplier: q, shift }
}

/** gemmlowp SaturatingRoundingDoublingHighMul: the high 32 bits of 2ab, rounded to nearest. */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX
  const ab = BigInt(a) * BigInt(b)
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n)
  // C++ integer division truncates toward zero, as BigInt division does.
  return Number((ab + nudge) / (1n << 31n))
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent === 31 ? 0x7fffffff : (1 << exponent) - 1
  const remainder = x & mask
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0)
  return (x >> exponent) + (remainder > threshold ? 1 : 0)
}

/** TFLite MultiplyByQuantizedMultiplier (double rounding): a positive shift is applied before, a negative one after. */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const left = Math.max(shift, 0)
  const right = Math.max(-shift, 0)
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(Math.imul(x, 2 ** left), multiplier), right)
}
