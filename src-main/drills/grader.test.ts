// The napkin-math grader against a table of answers, one or more rows per rule of issue 9.
import { describe, expect, it } from 'vitest'
import { type Grade, gradeAnswer, parseExpected, reviewRating, type Track, UnitError } from './index'

interface Row {
  /** What the row shows. */
  rule: string
  answer: string
  expected: [number, string]
  track?: Track
  grade: Grade
  /** The answer as read, in SI: [value, SI unit]. */
  si?: [number, string]
  /** The expected value as shown back, in the learner's unit. */
  shown?: [number, string]
}

const table: Row[] = [
  // markers: the first quantity after the last marker; otherwise the last quantity
  {
    rule: 'marker answer:',
    answer: 'weights 16 GB, KV 4 GB. Answer: 20 GB (roughly 19 GiB)',
    expected: [20, 'GB'],
    grade: 'exact',
    si: [20e9, 'B']
  },
  {
    rule: 'marker answer is',
    answer: 'The answer is 5 GB, not the 10 GB I first wrote',
    expected: [5, 'GB'],
    grade: 'exact',
    si: [5e9, 'B']
  },
  {
    rule: 'marker =',
    answer: 'KV = 2 × 32 × 8 × 128 × 4096 × 2 B = 536.9 MB',
    expected: [536.870912, 'MB'],
    grade: 'exact',
    si: [536.9e6, 'B']
  },
  { rule: 'marker ≈ (last one wins)', answer: '= 3 GB per layer; in total ≈ 96 GB', expected: [96, 'GB'], grade: 'exact', si: [96e9, 'B'] },
  { rule: 'marker ~', answer: 'so ~40 ms, then 3 retries', expected: [40, 'ms'], grade: 'exact', si: [0.04, 's'] },
  {
    rule: 'last marker without a quantity after it',
    answer: 'total = 12 GB which I round =',
    expected: [12, 'GB'],
    grade: 'exact',
    si: [12e9, 'B']
  },
  {
    rule: 'ordinals are not quantities',
    answer: 'about 706 ms at the 99th percentile',
    expected: [0.706, 's'],
    grade: 'exact',
    si: [0.706, 's']
  },
  {
    rule: 'no marker: the last quantity',
    answer: 'with 8 GPUs at 80 GB each we need 640 GB',
    expected: [640, 'GB'],
    grade: 'exact',
    si: [640e9, 'B']
  },
  // numbers: separators, decimals, exponents
  { rule: 'thousands separators', answer: '1,310,720 B', expected: [1310720, 'B'], grade: 'exact', si: [1310720, 'B'] },
  { rule: 'commas not in groups of three are lists', answer: 'shapes 1,2,3', expected: [3, 'count'], grade: 'exact', si: [3, 'count'] },
  { rule: 'e notation', answer: '1.3e6 tokens', expected: [1.3e6, 'count'], grade: 'exact', si: [1.3e6, 'count'] },
  { rule: '× 10^n', answer: '1.3 × 10^6 tokens', expected: [1.3e6, 'count'], grade: 'exact', si: [1.3e6, 'count'] },
  { rule: 'superscript exponent', answer: '2×10⁹ FLOP', expected: [2e9, 'FLOP'], grade: 'exact', si: [2e9, 'FLOP'] },
  { rule: 'leading decimal point', answer: '.5 s', expected: [500, 'ms'], grade: 'exact', si: [0.5, 's'] },
  { rule: 'negative value', answer: 'headroom = -4 GB', expected: [-4, 'GB'], grade: 'exact', si: [-4e9, 'B'] },
  { rule: 'leading ~ and about', answer: 'about 2.5 ms', expected: [2.5, 'ms'], grade: 'exact', si: [0.0025, 's'] },
  // magnitude words and letters
  { rule: 'million', answer: '1.2 million tokens', expected: [1.2e6, 'count'], grade: 'exact', si: [1.2e6, 'count'] },
  { rule: 'billion', answer: '7 billion parameters', expected: [7e9, 'count'], grade: 'exact', si: [7e9, 'count'] },
  { rule: 'trillion', answer: '15 trillion tokens', expected: [1.5e13, 'count'], grade: 'exact', si: [1.5e13, 'count'] },
  { rule: 'thousand', answer: '3 thousand requests', expected: [3000, 'count'], grade: 'exact', si: [3000, 'count'] },
  { rule: '$…k', answer: '$30k per year', expected: [30000, '$'], grade: 'exact', si: [30000, '$'] },
  { rule: '$…M', answer: '$1.2M', expected: [1.2e6, 'USD'], grade: 'exact', si: [1.2e6, '$'] },
  { rule: '$…B is billions, not bytes', answer: '$3B', expected: [3e9, '$'], grade: 'exact', si: [3e9, '$'] },
  { rule: '…B before a count word is billions', answer: '70B params', expected: [70e9, 'count'], grade: 'exact', si: [70e9, 'count'] },
  // ranges give their upper bound
  { rule: 'range with -', answer: '10-20 ms', expected: [20, 'ms'], grade: 'exact', si: [0.02, 's'] },
  { rule: 'range with to', answer: 'somewhere from 10 to 20 ms', expected: [0.02, 's'], grade: 'exact', si: [0.02, 's'] },
  { rule: 'range with an en dash and units on both', answer: '10 ms–20 ms', expected: [20, 'ms'], grade: 'exact', si: [0.02, 's'] },
  {
    rule: 'range after a marker',
    answer: 'latency = 1-2 s, dominated by 30 ms of network',
    expected: [2, 's'],
    grade: 'exact',
    si: [2, 's']
  },
  { rule: 'range with magnitude', answer: '1-2 billion', expected: [2e9, 'count'], grade: 'exact', si: [2e9, 'count'] },
  // bare numbers take the expected unit
  { rule: 'bare number in GB', answer: '160', expected: [160, 'GB'], grade: 'exact', si: [160e9, 'B'], shown: [160, 'GB'] },
  { rule: 'bare number against % is percent', answer: '12', expected: [12, '%'], grade: 'exact', si: [0.12, 'count'] },
  { rule: 'bare number against SI bytes', answer: '160', expected: [160e9, 'B'], grade: 'way-off', si: [160, 'B'], shown: [160e9, 'B'] },
  // bytes: decimal, binary, words
  { rule: 'GB vs GiB', answer: '160 GiB', expected: [160, 'GB'], grade: 'exact', si: [160 * 2 ** 30, 'B'], shown: [149.011611938, 'GiB'] },
  { rule: 'KB is 1000 bytes', answer: '64 KB', expected: [64000, 'B'], grade: 'exact', si: [64000, 'B'] },
  { rule: 'KiB is 1024 bytes', answer: '64 KiB', expected: [65536, 'B'], grade: 'exact', si: [65536, 'B'] },
  { rule: 'TB / PB', answer: '2 PB', expected: [2000, 'TB'], grade: 'exact', si: [2e15, 'B'] },
  { rule: 'byte words', answer: '3 gigabytes', expected: [3e9, 'bytes'], grade: 'exact', si: [3e9, 'B'] },
  // bits, case-sensitive b vs B
  { rule: 'Gb is gigabits', answer: '8 Gb', expected: [1, 'GB'], grade: 'exact', si: [1e9, 'B'] },
  { rule: 'b vs B: 1 Gb is an eighth of 1 GB', answer: '1 Gb', expected: [1, 'GB'], grade: 'way-off', si: [1.25e8, 'B'], shown: [8, 'Gb'] },
  { rule: 'kbit and Mbit', answer: '128 kbit', expected: [16, 'KB'], grade: 'exact', si: [16000, 'B'] },
  { rule: 'Tb', answer: '2 Tb', expected: [0.25, 'TB'], grade: 'exact', si: [2.5e11, 'B'] },
  // time
  { rule: 'µs and us', answer: '500 µs', expected: [0.5, 'ms'], grade: 'exact', si: [5e-4, 's'], shown: [500, 'μs'] },
  { rule: 'us', answer: '20 us', expected: [20000, 'ns'], grade: 'exact', si: [2e-5, 's'] },
  { rule: 'sec and min', answer: '90 min', expected: [1.5, 'h'], grade: 'exact', si: [5400, 's'] },
  { rule: 'hours and days', answer: '2 days', expected: [48, 'h'], grade: 'exact', si: [172800, 's'] },
  { rule: 'a year is 365 days', answer: '1 year', expected: [8760, 'h'], grade: 'exact', si: [31536000, 's'] },
  // compute: FLOP (count) and FLOP/s (rate), case-sensitive FLOPs vs FLOPS
  { rule: 'TFLOPs is a count', answer: '3 TFLOPs', expected: [3e12, 'FLOP'], grade: 'exact', si: [3e12, 'FLOP'] },
  { rule: 'PFLOPS is a rate', answer: '1 PFLOPS', expected: [1e15, 'FLOP/s'], grade: 'exact', si: [1e15, 'FLOP/s'] },
  { rule: 'TFLOP/s', answer: '989 TFLOP/s', expected: [989.4, 'TFLOPS'], grade: 'exact', si: [989e12, 'FLOP/s'] },
  {
    rule: 'FLOPS against a count is a mismatch',
    answer: '3 TFLOPS',
    expected: [3e12, 'FLOP'],
    grade: 'unit-mismatch',
    si: [3e12, 'FLOP/s']
  },
  { rule: 'EFLOP', answer: '2.1 EFLOP', expected: [2.1e18, 'FLOP'], grade: 'exact', si: [2.1e18, 'FLOP'] },
  // bandwidth
  { rule: 'GB/s', answer: '3.35 TB/s', expected: [3350, 'GB/s'], grade: 'exact', si: [3.35e12, 'B/s'] },
  { rule: 'GiB/s', answer: '100 GiB/s', expected: [107.374, 'GB/s'], grade: 'exact', si: [100 * 2 ** 30, 'B/s'] },
  { rule: 'Gb/s is bits', answer: '400 Gb/s', expected: [50, 'GB/s'], grade: 'exact', si: [50e9, 'B/s'] },
  { rule: 'Gbps', answer: '100 Gbps', expected: [12.5e9, 'B/s'], grade: 'exact', si: [12.5e9, 'B/s'] },
  // power and energy
  { rule: 'kW', answer: '10.2 kW', expected: [10200, 'W'], grade: 'exact', si: [10200, 'W'] },
  { rule: 'MW', answer: '3 MW', expected: [3000, 'kW'], grade: 'exact', si: [3e6, 'W'] },
  { rule: 'kWh is energy', answer: '5 kWh', expected: [18e6, 'J'], grade: 'exact', si: [18e6, 'J'] },
  { rule: 'MWh and Wh', answer: '1.2 MWh', expected: [1.2e6, 'Wh'], grade: 'exact', si: [4.32e9, 'J'] },
  { rule: 'mJ', answer: '50 mJ', expected: [0.05, 'J'], grade: 'exact', si: [0.05, 'J'] },
  // money, percent, intensity, counts, rates
  { rule: 'USD suffix', answer: '300 USD', expected: [300, '$'], grade: 'exact', si: [300, '$'] },
  { rule: 'percent against a ratio', answer: '12 %', expected: [0.12, 'count'], grade: 'exact', si: [0.12, 'count'] },
  { rule: 'FLOP/byte', answer: '295 FLOP/byte', expected: [295, 'FLOP/B'], grade: 'exact', si: [295, 'FLOP/B'] },
  { rule: 'plain count with a word', answer: 'about 40 GPUs', expected: [40, 'count'], grade: 'exact', si: [40, 'count'] },
  { rule: 'tokens per second', answer: '2,000 tokens/s', expected: [2000, 'tokens/s'], grade: 'exact', si: [2000, '1/s'] },
  { rule: 'speed-up ratio', answer: '3.1x', expected: [3.1, 'x'], grade: 'exact', si: [3.1, 'count'] },
  { rule: 'carbon mass', answer: '5 t CO2e', expected: [5000, 'kg'], grade: 'exact', si: [5000, 'kg'] },
  // per-suffixes the expected unit lacks are ignored
  { rule: 'per token is a count', answer: '2 ms per token', expected: [2, 'ms'], grade: 'exact', si: [0.002, 's'] },
  { rule: 'per year ignored against $', answer: '$12,000 per year', expected: [12000, '$'], grade: 'exact', si: [12000, '$'] },
  { rule: '/h ignored against kWh', answer: '7 kWh/h', expected: [7, 'kWh'], grade: 'exact', si: [25.2e6, 'J'] },
  { rule: 'per-time kept when the expected has it', answer: '40 GB/s', expected: [40, 'GB'], grade: 'exact', si: [40e9, 'B'] },
  // unit mismatches
  { rule: 'time against bytes', answer: '5 ms', expected: [160, 'GB'], grade: 'unit-mismatch', si: [0.005, 's'] },
  { rule: 'bandwidth against energy', answer: '40 GB/s', expected: [3, 'kWh'], grade: 'unit-mismatch', si: [40e9, 'B/s'] },
  { rule: 'power against energy', answer: '700 W', expected: [3, 'kWh'], grade: 'unit-mismatch', si: [700, 'W'] },
  // no answer
  { rule: 'no number', answer: 'I would profile it first', expected: [1, 'GB'], grade: 'no-answer' },
  { rule: 'empty', answer: '', expected: [1, 'GB'], grade: 'no-answer' },
  { rule: 'NaN and Infinity are not numbers', answer: 'NaN or Infinity GB', expected: [1, 'GB'], grade: 'no-answer' },
  // unicode digits
  { rule: 'full-width digits', answer: '１６０ GB', expected: [160, 'GB'], grade: 'exact', si: [160e9, 'B'] },
  { rule: 'Arabic-Indic digits', answer: '١٦٠ GB', expected: [160, 'GB'], grade: 'exact', si: [160e9, 'B'] },
  { rule: 'Unicode minus', answer: '= −4 GB', expected: [-4, 'GB'], grade: 'exact', si: [-4e9, 'B'] },
  // tolerances per track and grade boundaries (expected 100 GB; relative error = |a − 100| / 100)
  { rule: 'cloud exact at tol/2 = 12.5 %', answer: '112.5 GB', expected: [100, 'GB'], track: 'cloud', grade: 'exact' },
  { rule: 'cloud close just past tol/2', answer: '112.6 GB', expected: [100, 'GB'], track: 'cloud', grade: 'close' },
  { rule: 'cloud close at tol = 25 %', answer: '75 GB', expected: [100, 'GB'], track: 'cloud', grade: 'close' },
  { rule: 'cloud ballpark past tol', answer: '125.1 GB', expected: [100, 'GB'], track: 'cloud', grade: 'ballpark' },
  { rule: 'global equals cloud', answer: '124 GB', expected: [100, 'GB'], track: 'global', grade: 'close' },
  { rule: 'edge exact at 7.5 %', answer: '107.5 GB', expected: [100, 'GB'], track: 'edge', grade: 'exact' },
  { rule: 'edge close at 15 %', answer: '115 GB', expected: [100, 'GB'], track: 'edge', grade: 'close' },
  { rule: 'edge ballpark past 15 %', answer: '115.1 GB', expected: [100, 'GB'], track: 'edge', grade: 'ballpark' },
  { rule: 'mobile exact at 5 %', answer: '95 GB', expected: [100, 'GB'], track: 'mobile', grade: 'exact' },
  { rule: 'mobile close at 10 %', answer: '110 GB', expected: [100, 'GB'], track: 'mobile', grade: 'close' },
  { rule: 'mobile ballpark past 10 %', answer: '110.1 GB', expected: [100, 'GB'], track: 'mobile', grade: 'ballpark' },
  { rule: 'tinyml exact at 2.5 %', answer: '102.5 GB', expected: [100, 'GB'], track: 'tinyml', grade: 'exact' },
  { rule: 'tinyml close at 5 %', answer: '105 GB', expected: [100, 'GB'], track: 'tinyml', grade: 'close' },
  { rule: 'tinyml ballpark past 5 %', answer: '105.1 GB', expected: [100, 'GB'], track: 'tinyml', grade: 'ballpark' },
  { rule: 'ballpark up to 100 %', answer: '200 GB', expected: [100, 'GB'], grade: 'ballpark' },
  { rule: 'off past 100 %', answer: '201 GB', expected: [100, 'GB'], grade: 'off' },
  { rule: 'off up to 500 %', answer: '600 GB', expected: [100, 'GB'], grade: 'off' },
  { rule: 'way-off past 500 %', answer: '601 GB', expected: [100, 'GB'], grade: 'way-off' },
  { rule: 'way-off: a factor of 1000', answer: '100 TB', expected: [100, 'GB'], grade: 'way-off' },
  // below the expected value the bands beyond the tolerance count the factor: 1/2 like 2×, 1/6 like 6×
  { rule: 'ballpark at half', answer: '50 GB', expected: [100, 'GB'], grade: 'ballpark' },
  { rule: 'off below half', answer: '49 GB', expected: [100, 'GB'], grade: 'off' },
  { rule: 'off at a sixth', answer: '1 GB', expected: [6, 'GB'], grade: 'off' },
  { rule: 'way-off below a sixth', answer: '1 GB', expected: [6.1, 'GB'], grade: 'way-off' },
  { rule: 'way-off a factor of 1000 too small', answer: '100 MB', expected: [100, 'GB'], grade: 'way-off' },
  { rule: 'opposite sign: relative error |4 − (−4)| / 4 = 2', answer: '4 GB', expected: [-4, 'GB'], grade: 'off' }
]

describe('gradeAnswer table', () => {
  it('has at least 60 rows', () => expect(table.length).toBeGreaterThanOrEqual(60))
  it.each(table)('$rule: "$answer" against $expected → $grade', (row) => {
    const r = gradeAnswer(row.answer, { value: row.expected[0], unit: row.expected[1] }, row.track ?? 'cloud')
    expect(r.grade).toBe(row.grade)
    expect(r.score).toBe({ exact: 3, close: 3, ballpark: 2, off: 1, 'way-off': 0, 'unit-mismatch': 0, 'no-answer': 0 }[row.grade])
    if (row.si) {
      expect(r.value).toBeCloseTo(row.si[0], 6 - Math.ceil(Math.log10(Math.abs(row.si[0]))))
      expect(r.unit).toBe(row.si[1])
    }
    if (row.shown) {
      expect(r.expected.value).toBeCloseTo(row.shown[0], 6)
      expect(r.expected.unit).toBe(row.shown[1])
    }
    if (row.grade === 'no-answer') expect([r.value, r.unit, r.relativeError]).toEqual([null, null, null])
  })
})

describe('what a grade reports', () => {
  it('gives the expected value in the learner unit and the relative error', () => {
    // 150 MB against 0.16 GB = 160 MB: |150 − 160| / 160 = 0.0625
    const r = gradeAnswer('150 MB', { value: 0.16, unit: 'GB' }, 'cloud')
    expect(r.expected).toEqual({ value: 160, unit: 'MB' })
    expect(r.relativeError).toBeCloseTo(0.0625, 12)
    expect(r.message).toBe('Exact: 150 MB is within 6.3 % of the expected 160 MB.')
  })
  it('says how far off and in which direction', () => {
    // 600 GB / 100 GB = 6×; 60 GB is 40 % below
    expect(gradeAnswer('600 GB', { value: 100, unit: 'GB' }, 'cloud').message).toContain('6× the expected 100 GB')
    expect(gradeAnswer('60 GB', { value: 100, unit: 'GB' }, 'cloud').message).toContain('40 % below the expected 100 GB')
    expect(gradeAnswer('1 GB', { value: 100, unit: 'GB' }, 'cloud').message).toContain('1/100 of the expected 100 GB')
  })
  it('names both dimensions on a unit mismatch, and shows the expected value in its own unit', () => {
    const r = gradeAnswer('5 ms', { value: 160, unit: 'GB' }, 'cloud')
    expect(r.message).toBe('Unit mismatch: 5 ms is a time, but the question asks for a data size (bytes) (160 GB).')
    expect(r.expected).toEqual({ value: 160, unit: 'GB' })
    expect(r.relativeError).toBeNull()
  })
  it('reads an ambiguous spelling the way that fits the question', () => {
    // "flops" may be a count or a rate; "7B" may be bytes or billions
    expect(gradeAnswer('8 flops', { value: 8, unit: 'FLOP/s' }, 'cloud').grade).toBe('exact')
    expect(gradeAnswer('8 flops', { value: 8, unit: 'FLOP' }, 'cloud').grade).toBe('exact')
    expect(gradeAnswer('7B', { value: 7e9, unit: 'count' }, 'cloud').value).toBe(7e9)
    expect(gradeAnswer('7B', { value: 7, unit: 'B' }, 'cloud').value).toBe(7)
  })
  it('counts a multiply-accumulate as two FLOP', () => {
    expect(gradeAnswer('5.4 MMACs', { value: 10.8e6, unit: 'FLOP' }, 'cloud').grade).toBe('exact')
  })
  it('compares against an expected value of zero', () => {
    expect(gradeAnswer('0 GB', { value: 0, unit: 'GB' }, 'cloud').grade).toBe('exact')
    const r = gradeAnswer('1 GB', { value: 0, unit: 'GB' }, 'cloud')
    expect([r.grade, r.relativeError]).toEqual(['way-off', null])
  })
})

describe('hostile answers', () => {
  it('does not read an answer over 20,000 characters, and says why', () => {
    const r = gradeAnswer(`${'9'.repeat(1_000_000)} GB`, { value: 1, unit: 'GB' }, 'cloud')
    expect(r.grade).toBe('no-answer')
    expect(r.message).toContain('1,000,000 characters long')
  })
  it('survives long adversarial texts just under the limit', () => {
    const pieces = ['1,', '1e', '$-', '10^', '1 per ', '2x', '1-', 'between 1 and ', '٣', '¹', '7B ', 'µs/', '=', '(((', '-']
    for (const piece of pieces) {
      const text = piece.repeat(Math.ceil(19_999 / piece.length)).slice(0, 19_999)
      const r = gradeAnswer(text, { value: 1, unit: 'GB' }, 'cloud')
      expect(r.score).toBeGreaterThanOrEqual(0)
      if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true)
    }
  })
  it('treats numbers too large to represent as no number, and overflow after units as way off', () => {
    expect(gradeAnswer('1e999 GB', { value: 1, unit: 'GB' }, 'cloud').grade).toBe('no-answer')
    const r = gradeAnswer('1e300 EB', { value: 1, unit: 'GB' }, 'cloud')
    expect([r.grade, r.value, r.relativeError]).toEqual(['way-off', null, null])
  })
  it('reads a non-string answer as empty', () => {
    expect(gradeAnswer(undefined as unknown as string, { value: 1, unit: 'GB' }, 'cloud').grade).toBe('no-answer')
  })
  it('refuses an unreadable expected unit, a non-finite expected value and an unknown track', () => {
    expect(() => gradeAnswer('1 GB', { value: 1, unit: 'furlongs' }, 'cloud')).toThrow(UnitError)
    expect(() => gradeAnswer('1 GB', { value: Number.NaN, unit: 'GB' }, 'cloud')).toThrow(UnitError)
    expect(() => gradeAnswer('1 GB', { value: 1, unit: 'GB' }, 'moon' as Track)).toThrow(UnitError)
  })
})

describe('parseExpected and reviewRating', () => {
  it('reads "<value> <unit>"', () => {
    expect(parseExpected('160 GB')).toEqual({ value: 160, unit: 'GB' })
    expect(parseExpected(' 1.6e11 B ')).toEqual({ value: 1.6e11, unit: 'B' })
    expect(parseExpected('42')).toEqual({ value: 42, unit: 'count' })
    expect(() => parseExpected('GB 160')).toThrow(UnitError)
    expect(() => parseExpected('160 parsecs')).toThrow(UnitError)
  })
  it('maps grades onto review ratings', () => {
    expect(['exact', 'close', 'ballpark', 'off', 'way-off', 'unit-mismatch', 'no-answer'].map((g) => reviewRating(g as Grade))).toEqual([
      'good',
      'good',
      'hard',
      'again',
      'again',
      'again',
      'again'
    ])
  })
})
