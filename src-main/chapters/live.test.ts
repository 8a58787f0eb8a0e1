import { describe, expect, it } from 'vitest'
import { loadCatalog, models, runSim } from '../sim'
import { dashboardLink, evaluateLive, linkHref, parseShortcode, type LiveEngine } from './live'
import { gradeNumeric } from './numeric'
import { bookQuiz, gradeResponse, orderedItems, shuffledOrder, type QuizQuestion } from './quiz'
import { formatLive } from './units'

const engine: LiveEngine = {
  runSim,
  catalog: () => loadCatalog() as unknown as Record<string, Record<string, unknown>[]>,
  functions: () => Object.keys(models)
}

describe('live numbers', () => {
  it('evaluates a sim shortcode with catalog references and formats it with an SI prefix', () => {
    const r = evaluateLive(
      engine,
      'sim roofline field=ridge unit=FLOP/B flops=1 bytes=1 peakFlops=@accelerators/h100-sxm/peakFlopsPerSecond/bf16 bandwidth=@accelerators/h100-sxm/memoryBandwidthBytesPerSecond'
    )
    // Ridge = 989.4e12 FLOP/s / 3.35e12 B/s = 295.34 FLOP/B (catalog: H100 SXM bf16 dense peak and HBM3 bandwidth).
    expect(r).toMatchObject({ ok: true, text: '295 FLOP/B' })
    expect(r.ok && r.value).toBeCloseTo(989.4e12 / 3.35e12, 9)
    expect(r.ok && linkHref(r.link!)).toBe('#/simulator/roofline?devices=h100-sxm&precision=bf16&intensity=1')
  })

  it('reads one catalog figure', () => {
    // 80e9 bytes of HBM shows as "80 GB" (decimal prefixes, never GiB).
    expect(evaluateLive(engine, 'catalog accelerators/h100-sxm/memoryBytes unit=B')).toMatchObject({ ok: true, text: '80 GB' })
  })

  it('turns every bad shortcode into a visible error naming the problem, never a number', () => {
    const cases: [string, RegExp][] = [
      ['sim nosuch unit=s', /no simulator function "nosuch"/],
      ['sim roofline unit=s flops=1', /bytes/],
      ['sim roofline unit=parsecs flops=1 bytes=1 peakFlops=1 bandwidth=1', /unit "parsecs"/],
      ['sim roofline flops=1 bytes=1 peakFlops=1 bandwidth=1', /give the unit/],
      ['sim roofline unit=s flops=1 bytes=1 peakFlops=1 bandwidth=1', /not a number: name a field/],
      ['sim roofline field=nope unit=s flops=1 bytes=1 peakFlops=1 bandwidth=1', /no field "nope"/],
      ['sim roofline field=intensity unit=x flops=1 bytes=0 peakFlops=1 bandwidth=1', /not a finite number/],
      ['catalog accelerators/nope/memoryBytes unit=B', /no accelerators "nope"/],
      ['catalog accelerators/h100-sxm/peakFlopsPerSecond unit=FLOP/s', /not a number/],
      ['video foo', /unknown shortcode/],
      ['sim roofline unit=s digits=99 flops=1', /digits/]
    ]
    for (const [body, message] of cases) {
      const r = evaluateLive(engine, body)
      expect(r.ok, body).toBe(false)
      if (!r.ok) expect(r.error, body).toMatch(message)
    }
  })

  it('maps a function and its parameters to the dashboard that shows them', () => {
    expect(
      dashboardLink(
        parseShortcode('sim sustainability field=carbonKilograms unit=kg accelerator=a100-80gb devices=50 durationSeconds=36000 grid=us')
      )
    ).toEqual({
      dashboard: 'carbon',
      // 36,000 s = 10 h
      params: { accelerator: 'a100-80gb', devices: '50', grid: 'us', durationHours: '10' }
    })
    expect(dashboardLink(parseShortcode('sim trainingFlops unit=FLOP params=175e9 tokens=300e9'))).toBeNull()
    expect(dashboardLink(parseShortcode('sim trainingFlops unit=FLOP dashboard=memory params=175e9'))).toEqual({
      dashboard: 'memory',
      params: {}
    })
  })

  it('formats units the way a reader expects', () => {
    expect(formatLive(989.4e12, 'FLOP/s')).toBe('989 TFLOP/s')
    expect(formatLive(999.97e9, 'B')).toBe('1 TB')
    expect(formatLive(0.0042, 's')).toBe('4.2 ms')
    expect(formatLive(5400, 's')).toBe('90 min')
    expect(formatLive(0.42, '%')).toBe('42 %')
    expect(formatLive(2.3456, 'x')).toBe('2.35×')
    expect(formatLive(1.75e11, 'count')).toBe('175 billion')
    expect(formatLive(30000, '$')).toBe('$30,000')
    expect(formatLive(3.15e23, 'FLOP', 2)).toBe('320 ZFLOP')
    expect(() => formatLive(Number.NaN, 'B')).toThrow(/finite/)
  })
})

describe('numeric grading (through the drills grader)', () => {
  it('accepts answers within the track tolerance in any unit of the same kind', () => {
    // 140 GB expected; 130.4e9 B is 130.4 GB (-6.9 %): inside cloud's 25 %, outside tinyml's 5 %.
    expect(gradeNumeric('130.4e9 B', { value: 140, unit: 'GB' }, 'cloud')).toMatchObject({ correct: true, rating: 3 })
    expect(gradeNumeric('130.4e9 B', { value: 140, unit: 'GB' }, 'tinyml').correct).not.toBe(true)
    // 140 GiB = 150.3e9 bytes: 7 % over 140 GB.
    expect(gradeNumeric('140 GiB', { value: 140, unit: 'GB' }, 'edge').correct).toBe(true)
    expect(gradeNumeric('140 ms', { value: 140, unit: 'GB' }, 'cloud')).toMatchObject({ correct: false, rating: 1 })
    expect(gradeNumeric('', { value: 140, unit: 'GB' }, 'cloud')).toMatchObject({ correct: false, rating: 1 })
    expect(gradeNumeric('1 GB', { value: 1, unit: 'parsecs' }, 'cloud').message).toMatch(/cannot be read/)
  })
})

describe('quizzes', () => {
  const order: QuizQuestion = { id: 'q3', type: 'ordering', section: null, prompt: 'p', explanation: null, items: ['a', 'b', 'c', 'd'] }

  it('grades ordering against the shuffle the learner saw', () => {
    const shown = shuffledOrder('q3', 4)
    expect([...shown].sort()).toEqual([0, 1, 2, 3])
    expect(shown).not.toEqual([0, 1, 2, 3])
    // The learner answers with positions in the shown list; put them back in true order.
    const right = [0, 1, 2, 3].map((truth) => String(shown.indexOf(truth)))
    expect(gradeResponse(order, { type: 'ordering', order: right })).toMatchObject({ correct: true, rating: 3 })
    expect(gradeResponse(order, { type: 'ordering', order: [...right].reverse() })).toMatchObject({ correct: false, rating: 1 })
    expect(() => gradeResponse(order, { type: 'ordering', order: ['0', '0', '1', '2'] })).toThrow()
  })

  it('reads the textbook quizzes format, with a warning for what it cannot use', () => {
    expect(orderedItems('The correct order is: (1) Collect data, (2) Train, (3) Deploy. Data comes first.')).toEqual([
      'Collect data',
      'Train',
      'Deploy'
    ])
    expect(orderedItems('1. Task Definition, 2. Dataset Selection. Define first.')).toEqual(['Task Definition', 'Dataset Selection'])
    const { questions, warnings } = bookQuiz(
      {
        sections: [
          { section_id: '#sec-a', quiz_data: { quiz_needed: false, rationale: 'none' } },
          {
            section_id: '#sec-b',
            quiz_data: {
              quiz_needed: true,
              questions: [
                { question_type: 'MCQ', question: 'Q?', choices: ['w', 'x', 'y'], answer: 'The correct answer is B. Because.' },
                { question_type: 'TF', question: 'True or False: sky is blue.', answer: 'True. Rayleigh.' },
                { question_type: 'FILL', question: '___ benchmarks', answer: 'Micro. Because.' },
                { question_type: 'MYSTERY', question: 'What?', answer: 'This.' },
                { nonsense: 1 }
              ]
            }
          }
        ]
      },
      'x_quizzes.json'
    )
    expect(questions.map((q) => [q.id, q.type, q.section])).toEqual([
      ['s2q1', 'mcq', 'sec-b'],
      ['s2q2', 'tf', 'sec-b'],
      ['s2q3', 'fill', 'sec-b'],
      ['s2q4', 'short', 'sec-b']
    ])
    expect(questions[0]).toMatchObject({ answer: 1 })
    expect(questions[1]).toMatchObject({ prompt: 'sky is blue.', answer: true })
    expect(questions[2]).toMatchObject({ answer: 'Micro' })
    expect(warnings).toHaveLength(2)
    expect(bookQuiz('nonsense', 'f.json').warnings[0]).toMatch(/not a quizzes file/)
  })
})
