/**
 * Chapter quizzes: one model for our quiz.json and for the textbook's `<chapter>_quizzes.json`, and the
 * grading of an answer into a correct/incorrect verdict and an FSRS rating (a miss is Again, a right answer
 * Good, a self-graded short answer whatever the learner says). Pure.
 */
import { z } from 'zod'
import { catalogFigure, type LiveEngine } from './live'
import { gradeNumeric } from './numeric'
import type { QuizJson, Track } from './schema'

interface Base {
  id: string
  section: string | null
  prompt: string
  explanation: string | null
}

export type QuizQuestion = Base &
  (
    | { type: 'mcq'; options: string[]; answer: number }
    | { type: 'tf'; answer: boolean }
    | { type: 'ordering'; items: string[] }
    | { type: 'short'; modelAnswer: string; rubric: string[] }
    | { type: 'fill'; answer: string; modelAnswer: string }
    | { type: 'numeric'; expected: { value: number; unit: string } | null; expectedError: string | null; track: Track }
  )

export type QuizResponse =
  | { type: 'mcq'; choice: number }
  | { type: 'tf'; value: boolean }
  | { type: 'ordering'; order: string[] }
  | { type: 'short'; selfRating: 1 | 2 | 3 | 4 }
  | { type: 'fill'; text: string; selfRating?: 1 | 2 | 3 | 4 }
  | { type: 'numeric'; text: string }

export interface QuizGrade {
  /** null for a self-graded answer the learner rated as partly right. */
  correct: boolean | null
  /** FSRS rating recorded for the question's review card: 1 Again, 2 Hard, 3 Good, 4 Easy. */
  rating: 1 | 2 | 3 | 4
  feedback: string
}

/** The same order every time for a question, different between questions (mulberry32 on the id). */
export function shuffledOrder(id: string, n: number): number[] {
  let seed = 0
  for (const c of id) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) | 0
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  // Never show the items already in the right order.
  if (n > 1 && order.every((v, i) => v === i)) order.push(order.shift()!)
  return order
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

export function gradeResponse(q: QuizQuestion, r: QuizResponse): QuizGrade {
  const verdict = (correct: boolean, feedback: string): QuizGrade => ({ correct, rating: correct ? 3 : 1, feedback })
  if (r.type !== q.type) throw new Error(`question ${q.id} is ${q.type}, the answer was given as ${r.type}`)
  switch (q.type) {
    case 'mcq': {
      const choice = (r as { choice: number }).choice
      if (!Number.isInteger(choice) || choice < 0 || choice >= q.options.length)
        throw new Error(`choose one of the ${q.options.length} options`)
      return verdict(
        choice === q.answer,
        choice === q.answer ? 'Right.' : `Not quite: the answer is option ${String.fromCharCode(65 + q.answer)}.`
      )
    }
    case 'tf': {
      const v = (r as { value: boolean }).value
      return verdict(v === q.answer, v === q.answer ? 'Right.' : `Not quite: it is ${q.answer ? 'true' : 'false'}.`)
    }
    case 'ordering': {
      const order = (r as { order: string[] }).order
      const shown = shuffledOrder(q.id, q.items.length)
      if (order.length !== q.items.length || new Set(order).size !== order.length)
        throw new Error(`put all ${q.items.length} items in order`)
      const positions = order.map((k) => {
        const i = Number(k)
        if (!Number.isInteger(i) || i < 0 || i >= shown.length) throw new Error(`unknown item ${k}`)
        return shown[i]!
      })
      const right = positions.filter((p, i) => p === i).length
      return verdict(
        right === q.items.length,
        right === q.items.length ? 'Right order.' : `${right} of ${q.items.length} in the right place.`
      )
    }
    case 'short': {
      const rating = (r as { selfRating: 1 | 2 | 3 | 4 }).selfRating
      return { correct: rating >= 3 ? true : rating === 1 ? false : null, rating, feedback: 'Self-graded against the model answer.' }
    }
    case 'fill': {
      const fr = r as { text: string; selfRating?: 1 | 2 | 3 | 4 }
      if (fr.selfRating) return { correct: fr.selfRating >= 3, rating: fr.selfRating, feedback: 'Self-graded against the model answer.' }
      const ok = normalise(fr.text) !== '' && normalise(fr.text) === normalise(q.answer)
      return verdict(ok, ok ? 'Right.' : `The expected word is “${q.answer}”. If yours means the same, count it as right.`)
    }
    case 'numeric': {
      if (!q.expected) throw new Error(`this question cannot be graded: ${q.expectedError ?? 'no expected value'}`)
      const g = gradeNumeric((r as { text: string }).text, q.expected, q.track)
      return { correct: g.correct, rating: g.rating, feedback: g.message }
    }
  }
}

/** The correct answer in words, for feedback and review cards. */
export function answerText(q: QuizQuestion): string {
  switch (q.type) {
    case 'mcq':
      return `${String.fromCharCode(65 + q.answer)}. ${q.options[q.answer]}`
    case 'tf':
      return q.answer ? 'True' : 'False'
    case 'ordering':
      return q.items.map((item, i) => `${i + 1}. ${item}`).join('\n')
    case 'short':
      return q.modelAnswer
    case 'fill':
      return q.modelAnswer
    case 'numeric':
      return q.expected ? `${q.expected.value} ${q.expected.unit}` : (q.expectedError ?? '')
  }
}

/** Our quiz.json to the common model; numeric answers computed by the engine are evaluated now. */
export function notesQuiz(quiz: QuizJson, engine: LiveEngine | null): QuizQuestion[] {
  return quiz.questions.map((q): QuizQuestion => {
    const base = { id: q.id, section: q.section ?? null, prompt: q.prompt, explanation: q.explanation ?? null }
    switch (q.type) {
      case 'mcq':
        return { ...base, type: 'mcq', options: q.options, answer: q.answer }
      case 'tf':
        return { ...base, type: 'tf', answer: q.answer }
      case 'ordering':
        return { ...base, type: 'ordering', items: q.items }
      case 'short':
        return { ...base, type: 'short', modelAnswer: q.modelAnswer, rubric: q.rubric }
      case 'numeric': {
        if ('value' in q.answer)
          return { ...base, type: 'numeric', expected: { value: q.answer.value, unit: q.answer.unit }, expectedError: null, track: q.track }
        try {
          if (!engine) throw new Error('the simulator is not available')
          const params: Record<string, unknown> = {}
          for (const [k, v] of Object.entries(q.answer.sim.params)) {
            params[k] = typeof v === 'string' && v.startsWith('@') ? catalogFigure(engine, v) : v
          }
          let v: unknown = engine.runSim(q.answer.sim.fn, params)
          for (const f of q.answer.sim.field?.split('.') ?? []) v = (v as Record<string, unknown>)?.[f]
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`the simulator returned ${String(v)}, not a number`)
          return { ...base, type: 'numeric', expected: { value: v, unit: q.answer.unit }, expectedError: null, track: q.track }
        } catch (e) {
          return { ...base, type: 'numeric', expected: null, expectedError: (e as Error).message, track: q.track }
        }
      }
      default:
        throw new Error(`unknown question type in ${(q as { id: string }).id}`)
    }
  })
}

// ---------------------------------------------------------------------------------------------------
// The textbook's quizzes JSON: sections → questions of types MCQ, TF, SHORT, ORDER, FILL (and CALC).

const bookQuestionSchema = z.object({
  question_type: z.string(),
  question: z.string(),
  choices: z.array(z.string()).optional(),
  answer: z.union([z.string(), z.boolean(), z.number()]).optional(),
  learning_objective: z.string().optional()
})

const bookQuizSchema = z.object({
  sections: z.array(
    z.object({
      section_id: z.string().optional(),
      section_title: z.string().optional(),
      quiz_data: z
        .object({
          quiz_needed: z.boolean().optional(),
          questions: z.array(z.unknown()).optional()
        })
        .optional()
    })
  )
})

/** "(1) A, (2) B, (3) C" or "1. A, 2. B" → ["A", "B", "C"]. */
export function orderedItems(answer: string): string[] {
  const text = answer.replace(/^\s*(?:the\s+)?correct\s+order\s+is\s*:?\s*/i, '')
  const re = /(?:^|[\s,;])\(?(\d{1,2})[.)]\s+/g
  const marks: { n: number; start: number; end: number }[] = []
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) marks.push({ n: Number(m[1]), start: m.index, end: m.index + m[0].length })
  const items: string[] = []
  for (let i = 0; i < marks.length; i++) {
    if (marks[i]!.n !== i + 1) break
    const raw = text.slice(marks[i]!.end, marks[i + 1]?.start ?? text.length)
    // The last item ends at the first sentence break; the rest is explanation.
    const item = (i === marks.length - 1 ? raw.split(/\.\s/)[0]! : raw).replace(/[\s,;.]+$/, '').trim()
    if (!item || item.length > 300) return []
    items.push(item)
  }
  return items.length >= 2 ? items : []
}

function mcqIndex(answer: string, choices: string[]): number {
  const letter = /correct answer is\s*(?:option\s*)?\(?([A-Ha-h])\b/i.exec(answer) ?? /^\s*\(?([A-Ha-h])[.)]\s/.exec(answer)
  if (letter) return letter[1]!.toUpperCase().charCodeAt(0) - 65
  const lower = answer.toLowerCase()
  return choices.findIndex((c) => c.length > 3 && lower.includes(c.toLowerCase()))
}

/** The textbook quizzes file to the common model, with a warning for each question it cannot use. */
export function bookQuiz(json: unknown, file: string): { questions: QuizQuestion[]; warnings: string[] } {
  const warnings: string[] = []
  const parsed = bookQuizSchema.safeParse(json)
  if (!parsed.success)
    return { questions: [], warnings: [`${file}: not a quizzes file (${parsed.error.issues[0]?.message ?? 'bad shape'})`] }
  const questions: QuizQuestion[] = []
  parsed.data.sections.forEach((section, si) => {
    if (section.quiz_data?.quiz_needed === false) return
    const sectionId = section.section_id?.replace(/^#/, '') || null
    ;(section.quiz_data?.questions ?? []).forEach((raw, qi) => {
      const where = `${file}: sections[${si}].questions[${qi}]`
      const q = bookQuestionSchema.safeParse(raw)
      if (!q.success) {
        warnings.push(`${where}: ${q.error.issues[0]?.message ?? 'unreadable'}`)
        return
      }
      const { question_type, question, choices } = q.data
      const answer = String(q.data.answer ?? '').trim()
      const base = { id: `s${si + 1}q${qi + 1}`, section: sectionId, prompt: question.trim(), explanation: answer || null }
      if (!base.prompt) {
        warnings.push(`${where}: empty question`)
        return
      }
      switch (question_type.toUpperCase()) {
        case 'MCQ': {
          const index = choices ? mcqIndex(answer, choices) : -1
          if (!choices || choices.length < 2 || index < 0 || index >= choices.length) {
            warnings.push(`${where}: multiple choice without a readable answer letter; kept as a short answer`)
            questions.push({ ...base, type: 'short', modelAnswer: answer || '(no answer given)', rubric: [] })
            return
          }
          questions.push({ ...base, type: 'mcq', options: choices, answer: index })
          return
        }
        case 'TF': {
          const v = typeof q.data.answer === 'boolean' ? q.data.answer : /^\s*(true|false)\b/i.exec(answer)?.[1]?.toLowerCase()
          if (v === undefined) {
            warnings.push(`${where}: true/false without True or False in the answer; kept as a short answer`)
            questions.push({ ...base, type: 'short', modelAnswer: answer, rubric: [] })
            return
          }
          questions.push({
            ...base,
            prompt: base.prompt.replace(/^true\s+or\s+false\s*:\s*/i, ''),
            type: 'tf',
            answer: v === true || v === 'true'
          })
          return
        }
        case 'ORDER': {
          const items = orderedItems(answer)
          if (items.length < 2) {
            warnings.push(`${where}: ordering whose answer lists no numbered items; kept as a short answer`)
            questions.push({ ...base, type: 'short', modelAnswer: answer, rubric: [] })
            return
          }
          questions.push({ ...base, type: 'ordering', items })
          return
        }
        case 'FILL': {
          const blank = answer.split(/[.,;(]/)[0]!.trim()
          if (!blank) {
            warnings.push(`${where}: fill-in without an answer`)
            return
          }
          questions.push({ ...base, type: 'fill', answer: blank, modelAnswer: answer })
          return
        }
        case 'SHORT':
        case 'CALC':
          questions.push({ ...base, type: 'short', modelAnswer: answer || '(no model answer given)', rubric: [] })
          return
        default:
          warnings.push(`${where}: question type ${question_type} is read as a short answer`)
          questions.push({ ...base, type: 'short', modelAnswer: answer || '(no model answer given)', rubric: [] })
      }
    })
  })
  return { questions, warnings }
}
