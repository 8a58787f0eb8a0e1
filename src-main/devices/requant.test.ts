import { describe, expect, it } from 'vitest'
import {
  INT32_MAX,
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  quantizeMultiplier,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul
} from './requant'
import { mulberry32 } from '../testing/random'

describe('QuantizeMultiplier', () => {
  it('splits a real multiplier into a Q0.31 fraction in [0.5, 1) and a shift', () => {
    // frexp(0.5) = 0.5·2^0 → 0.5·2^31 = 2^30; frexp(0.25) = 0.5·2^-1; frexp(1) = 0.5·2^1; 0.75·2^31 = 1610612736.
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 2 ** 30, shift: 0 })
    expect(quantizeMultiplier(0.25)).toEqual({ multiplier: 2 ** 30, shift: -1 })
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 2 ** 30, shift: 1 })
    expect(quantizeMultiplier(0.75)).toEqual({ multiplier: 1610612736, shift: 0 })
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 })
  })

  it('carries a fraction that rounds up to 2^31 into the shift, and flushes tiny multipliers to zero', () => {
    // 1 − 2^-40 = (1 − 2^-40)·2^0; ·2^31 = 2^31 − 2^-9, which rounds to 2^31 → 2^30 with shift + 1.
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 2 ** 30, shift: 1 })
    // 2^-40 = 0.5·2^-39: shift −39 < −31 → (0, 0), as TFLite does.
    expect(quantizeMultiplier(2 ** -40)).toEqual({ multiplier: 0, shift: 0 })
  })

  it('represents random ratios within half a unit in the last place of the Q0.31 fraction', () => {
    const rnd = mulberry32(3)
    for (let i = 0; i < 2000; i++) {
      const real = 10 ** (-8 + 8 * rnd())
      const { multiplier, shift } = quantizeMultiplier(real)
      expect(multiplier).toBeGreaterThanOrEqual(2 ** 30)
      expect(multiplier).toBeLessThan(2 ** 31)
      expect(Math.abs(multiplier * 2 ** (shift - 31) - real)).toBeLessThanOrEqual(2 ** (shift - 32) * 1.000001)
    }
  })
})

describe('gemmlowp fixed-point primitives', () => {
  it('SaturatingRoundingDoublingHighMul: rounds half up, saturates the one overflow', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX)
    // 2·3·2^30 / 2^32 = 1.5 → 2;  −1.5: (−3·2^30 + 1 − 2^30) / 2^31 = −2 + 2^-31, truncated → −1.
    expect(saturatingRoundingDoublingHighMul(3, 2 ** 30)).toBe(2)
    expect(saturatingRoundingDoublingHighMul(-3, 2 ** 30)).toBe(-1)
    // (2^60 + 2^30) / 2^31 = 2^29 + 0.5, truncated → 2^29.
    expect(saturatingRoundingDoublingHighMul(2 ** 30, 2 ** 30)).toBe(2 ** 29)
    expect(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX)).toBe(INT32_MAX - 1)
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-INT32_MAX)
  })

  it('RoundingDivideByPOT: rounds half away from zero, for every exponent up to 31', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3) // 2.5 → 3
    expect(roundingDivideByPOT(-5, 1)).toBe(-3) // −2.5 → −3
    expect(roundingDivideByPOT(-6, 2)).toBe(-2) // −1.5 → −2
    expect(roundingDivideByPOT(-5, 2)).toBe(-1) // −1.25 → −1
    expect(roundingDivideByPOT(7, 0)).toBe(7)
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1) // ≈ 1.0
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1) // exactly −1
    expect(roundingDivideByPOT(2 ** 30, 31)).toBe(1) // 0.5 → 1
    expect(roundingDivideByPOT(-(2 ** 30), 31)).toBe(-1) // −0.5 → −1
  })

  it('MultiplyByQuantizedMultiplier rounds twice, as gemmlowp does', () => {
    // M = 2^30·2^(0−31) = 0.5: 100 → 50; 101 → 50.5 → 51.
    expect(multiplyByQuantizedMultiplier(100, 2 ** 30, 0)).toBe(50)
    expect(multiplyByQuantizedMultiplier(101, 2 ** 30, 0)).toBe(51)
    // M = 0.75·2^-3: SRDHM(1000, 0.75) = 750.5 → 750; 750 / 8 = 93.75 → 94.
    expect(multiplyByQuantizedMultiplier(1000, 1610612736, -3)).toBe(94)
    // Double rounding: 5·0.25 = 1.25, but SRDHM(5, 0.5) = 2.5 → 3, then 3 / 2 = 1.5 → 2 (single rounding would give 1).
    expect(multiplyByQuantizedMultiplier(5, 2 ** 30, -1)).toBe(2)
    // A left shift applies before: 3·4 = 12, ·0.5 = 6.
    expect(multiplyByQuantizedMultiplier(3, 2 ** 30, 2)).toBe(6)
    // The left shift wraps modulo 2^32 where C++ leaves it undefined: 2^29·8 = 2^32 → 0.
    expect(multiplyByQuantizedMultiplier(2 ** 29, 2 ** 30, 3)).toBe(0)
  })

  it('stays within one unit of the exact product for random values', () => {
    const rnd = mulberry32(5)
    for (let i = 0; i < 5000; i++) {
      const x = Math.floor((rnd() - 0.5) * 2 ** 24)
      const m = 2 ** 30 + Math.floor(rnd() * 2 ** 30)
      const shift = -Math.floor(rnd() * 20)
      const exact = x * m * 2 ** (shift - 31)
      expect(Math.abs(multiplyByQuantizedMultiplier(x, m, shift) - exact)).toBeLessThanOrEqual(1)
    }
  })
})
