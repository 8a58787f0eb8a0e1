// Questions as the learner sees them, and grading a response: pure over the bank and the imported vault.
import type { DrillFeedback, DrillListEntry, DrillQuestion, DrillResponse } from '../../src-preload/contract'
import type { Bank } from './bank'
import { gradeAnswer } from './grader'
import { reviewFeed } from './reviewFeed'
import { type CompiledTemplate, type Instance, instantiate } from './template'
import type { ImportedQuestion } from './vault'

export class QuestionNotFound extends Error {}
/** A response that does not fit the question (text for a self-graded one, an option that does not exist). */
export class ResponseMismatch extends Error {}

/** Everything that can be asked: the bank's templates and the imported questions. */
export interface Sources {
  bank: Bank
  imported: readonly ImportedQuestion[]
}

const chainLengths = new WeakMap<Bank, Map<string, number>>()
function chainLength(bank: Bank, theme: string): number {
  let lengths = chainLengths.get(bank)
  if (!lengths) {
    lengths = new Map()
    for (const { template: t } of bank.templates) if (t.chain) lengths.set(t.chain.theme, (lengths.get(t.chain.theme) ?? 0) + 1)
    chainLengths.set(bank, lengths)
  }
  return lengths.get(theme) ?? 0
}

export function templateEntry({ template: t }: CompiledTemplate): DrillListEntry {
  return {
    id: t.id,
    track: t.track,
    level: t.level,
    zone: t.zone,
    area: t.area,
    topic: t.topic,
    title: t.title,
    source: 'bank',
    kind: t.kind,
    chain: t.chain ?? null
  }
}

export function importedEntry(q: ImportedQuestion): DrillListEntry {
  return {
    id: q.id,
    track: q.track,
    level: q.level,
    zone: q.zone,
    area: q.area,
    topic: q.topic,
    title: q.title,
    source: 'imported',
    kind: q.mode,
    chain: null
  }
}

export function listEntries(s: Sources): DrillListEntry[] {
  return [...s.bank.templates.map(templateEntry), ...s.imported.map(importedEntry)]
}

type Resolved = { source: 'bank'; instance: Instance; compiled: CompiledTemplate } | { source: 'imported'; question: ImportedQuestion }

/** `<templateId>@<seed>` (a template id alone means seed 1) or `vault:<id>`. */
export function resolve(s: Sources, id: string): Resolved {
  if (id.startsWith('vault:')) {
    const question = s.imported.find((q) => q.id === id)
    if (!question) throw new QuestionNotFound(`no imported question ${id.slice(6)}: import the vault again from Drills → Vault`)
    return { source: 'imported', question }
  }
  const m = /^([a-z0-9][a-z0-9-]*)(?:@(\d{1,10}))?$/.exec(id)
  const compiled = m ? s.bank.byId.get(m[1]!) : undefined
  if (!compiled) throw new QuestionNotFound(`no drill question "${id}"`)
  return { source: 'bank', compiled, instance: instantiate(compiled, Number(m![2] ?? 1)) }
}

/** The question as the screen shows it, before the learner answers (chapter links are added by the caller). */
export function questionView(s: Sources, id: string): Omit<DrillQuestion, 'chapters' | 'dueForReview'> {
  const r = resolve(s, id)
  if (r.source === 'imported') {
    const q = r.question
    return {
      ...importedEntry(q),
      questionId: q.id,
      templateId: q.id,
      scenario: q.scenario,
      question: q.question,
      options: q.options,
      answerUnit: q.expected?.unit ?? null,
      chainLength: null,
      dashboard: null
    }
  }
  const i = r.instance
  return {
    ...templateEntry(r.compiled),
    questionId: i.id,
    templateId: i.templateId,
    scenario: i.scenario,
    question: i.question,
    options: i.options?.map((o) => o.text) ?? null,
    answerUnit: i.answer?.unit ?? null,
    chainLength: i.chain ? chainLength(s.bank, i.chain.theme) : null,
    dashboard: i.dashboard
  }
}

/** The model answer and rubric of a question, for self-grading before anything is recorded. */
export function rubricOf(s: Sources, id: string): { modelAnswer: string | null; rubric: string[] | null } {
  const r = resolve(s, id)
  return r.source === 'bank'
    ? { modelAnswer: r.instance.modelAnswer, rubric: r.instance.rubric }
    : { modelAnswer: r.question.modelAnswer, rubric: null }
}

/** What an attempt records besides the grade. */
export interface AttemptFacts {
  templateId: string
  source: 'bank' | 'imported'
  kind: 'numeric' | 'choice' | 'open'
  track: string
  level: string
  zone: string
  area: string
  topic: string
  response: string
}

const SELF_GRADES = ['missed', 'partly', 'mostly', 'fully'] as const

/** Grades a response against its question: the feedback the learner sees and the facts the attempt records. */
export function grade(s: Sources, id: string, response: DrillResponse): { feedback: DrillFeedback; facts: AttemptFacts } {
  const r = resolve(s, id)
  const view = questionView(s, id)
  const facts: AttemptFacts = {
    templateId: view.templateId,
    source: view.source,
    kind: view.kind,
    track: view.track,
    level: view.level,
    zone: view.zone,
    area: view.area,
    topic: view.topic,
    response:
      response.type === 'text'
        ? response.text.slice(0, 2000)
        : response.type === 'choice'
          ? `option ${response.index + 1}`
          : `self ${JSON.stringify(response)}`
  }
  const options = view.options
  const base = {
    questionId: view.questionId,
    napkin: r.source === 'bank' ? r.instance.napkin : null,
    napkinText: r.source === 'imported' ? r.question.napkinMath : null,
    mistake: r.source === 'bank' ? r.instance.mistake : null,
    mistakeText: r.source === 'imported' ? r.question.commonMistake : null,
    modelAnswer: r.source === 'bank' ? r.instance.modelAnswer : r.question.modelAnswer,
    rubric: r.source === 'bank' ? r.instance.rubric : null
  }
  const correctIndex = r.source === 'bank' ? r.instance.correctIndex : r.question.correctIndex
  const optionNotes =
    r.source === 'bank'
      ? (r.instance.options?.map((o) => o.why) ?? null)
      : (options?.map((_, k) => (k === correctIndex ? null : 'not this one')) ?? null)
  let result: { grade: string; score: number; message: string; expected: string | null }

  if (response.type === 'choice') {
    if (!options || correctIndex === null || response.index >= options.length) {
      throw new ResponseMismatch(`question ${view.questionId} has no option ${response.index + 1}`)
    }
    const right = response.index === correctIndex
    const note = optionNotes?.[response.index]
    result = {
      grade: right ? 'right' : 'wrong',
      score: right ? 3 : 0,
      message: right
        ? 'Right.'
        : `Not this one${note && note !== 'not this one' ? `: that is the number you get when you ${note}` : ''}. The answer is ${options[correctIndex]}.`,
      expected: options[correctIndex]!
    }
  } else if (response.type === 'text') {
    const expected = r.source === 'bank' ? r.instance.answer : r.question.expected
    if (!expected) throw new ResponseMismatch(`question ${view.questionId} is not graded from text: choose an option or grade yourself`)
    const track = r.source === 'bank' ? r.instance.track : r.question.gradingTrack
    const g = gradeAnswer(response.text, { value: expected.value, unit: expected.unit }, track)
    const display = r.source === 'bank' ? r.instance.answer!.display : `${expected.value} ${expected.unit}`
    result = { grade: g.grade, score: g.score, message: g.message, expected: display }
  } else {
    const rubric = base.rubric
    const checked = new Set(response.checked.filter((k) => rubric && k < rubric.length))
    const score = rubric && rubric.length > 0 ? Math.round((3 * checked.size) / rubric.length) : (response.score ?? 0)
    result = {
      grade: SELF_GRADES[score]!,
      score,
      message: rubric
        ? `You met ${checked.size} of ${rubric.length} checkpoints.`
        : `You graded yourself ${score}/3 against the model answer.`,
      expected: null
    }
  }
  const review = reviewFeed(view.templateId, result.score)
  return { feedback: { ...base, ...result, correctIndex, optionNotes, review }, facts }
}
