import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import type { DrillFeedback, DrillQuestion, DrillResponse } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { simulatorSubject } from '../../app/simulatorLink'
import { type Mode, useDrills } from './drillsStore'

const GRADE_TONE: Record<string, string> = {
  exact: 'good',
  close: 'good',
  right: 'good',
  fully: 'good',
  mostly: 'good',
  ballpark: 'fair',
  partly: 'fair',
  off: 'poor',
  'way-off': 'poor',
  wrong: 'poor',
  missed: 'poor',
  'unit-mismatch': 'poor',
  'no-answer': 'poor'
}

export function QuestionMeta({ q }: { q: DrillQuestion }) {
  return (
    <ul className="drill-meta" aria-label="About this question">
      <li className={`drill-chip track-${q.track}`}>{q.track}</li>
      <li className="drill-chip">{q.level}</li>
      <li className="drill-chip">{q.zone}</li>
      <li className="drill-chip">{q.area}</li>
      <li className="drill-chip">{q.topic}</li>
      {q.chain ? (
        <li className="drill-chip">
          chain {q.chain.theme} · step {q.chain.step}
          {q.chainLength ? ` of ${q.chainLength}` : ''}
        </li>
      ) : null}
      {q.source === 'imported' ? <li className="drill-chip">imported</li> : null}
    </ul>
  )
}

/** One question: answer it (free text, a choice, or self-graded), then see the grade and the working. */
export function QuestionView({
  question,
  mode,
  session,
  feedback: given,
  onAnswered
}: {
  question: DrillQuestion
  mode: Mode
  session?: string
  feedback?: DrillFeedback | null
  onAnswered?: (feedback: DrillFeedback) => void
}) {
  const answer = useDrills((s) => s.answer)
  const busy = useDrills((s) => s.busy)
  const [text, setText] = useState('')
  const [choice, setChoice] = useState<number | null>(null)
  const [useChoices, setUseChoices] = useState(question.kind === 'choice')
  const [revealed, setRevealed] = useState(false)
  const [checked, setChecked] = useState<number[]>([])
  const [selfScore, setSelfScore] = useState<number | null>(null)
  const [feedback, setFeedback] = useState<DrillFeedback | null>(given ?? null)
  const started = useRef(Date.now())
  const id = useId()
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (question.kind === 'numeric' && !given) input.current?.focus()
  }, [question.questionId])

  const submit = async (response: DrillResponse) => {
    const fb = await answer(question, mode, response, (Date.now() - started.current) / 1000, session)
    if (fb) {
      setFeedback(fb)
      onAnswered?.(fb)
    }
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (useChoices && choice !== null) void submit({ type: 'choice', index: choice })
    else if (!useChoices && text.trim()) void submit({ type: 'text', text })
  }

  return (
    <article
      className="card drill-question"
      aria-labelledby={`${id}-title`}
      data-testid="drill-question"
      data-question-id={question.questionId}
    >
      <h2 className="card-title" id={`${id}-title`}>
        {question.title}
      </h2>
      <QuestionMeta q={question} />
      {question.dueForReview ? (
        <p className="muted small" data-testid="drill-due">
          Due for review: you met this question before; here it is again with new numbers.
        </p>
      ) : null}
      <p className="drill-scenario">{question.scenario}</p>
      <p className="drill-ask">
        <strong>{question.question}</strong>
      </p>
      {feedback ? (
        <FeedbackView question={question} feedback={feedback} />
      ) : question.kind === 'open' ? (
        <SelfGrade
          question={question}
          revealed={revealed}
          onReveal={() => setRevealed(true)}
          checked={checked}
          setChecked={setChecked}
          selfScore={selfScore}
          setSelfScore={setSelfScore}
          busy={busy}
          onSubmit={(response) => void submit(response)}
        />
      ) : (
        <form className="drill-answer" onSubmit={onSubmit}>
          {question.kind === 'numeric' && question.options ? (
            <div className="drill-answer-mode" role="radiogroup" aria-label="How to answer">
              <label>
                <input type="radio" name={`${id}-mode`} checked={!useChoices} onChange={() => setUseChoices(false)} /> Type the number
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  checked={useChoices}
                  onChange={() => setUseChoices(true)}
                  data-testid="drill-use-choices"
                />{' '}
                Choose from options
              </label>
            </div>
          ) : null}
          {useChoices && question.options ? (
            <fieldset className="drill-options">
              <legend className="sr-only">Options</legend>
              {question.options.map((o, k) => (
                <label key={k} className={`drill-option ${choice === k ? 'chosen' : ''}`}>
                  <input
                    type="radio"
                    name={`${id}-opt`}
                    checked={choice === k}
                    onChange={() => setChoice(k)}
                    data-testid={`drill-option-${k}`}
                  />
                  <span>{o}</span>
                </label>
              ))}
            </fieldset>
          ) : (
            <div className="drill-text">
              <label htmlFor={`${id}-text`}>
                Your answer{question.answerUnit ? <span className="muted"> (with its unit; graded in {question.answerUnit})</span> : null}
              </label>
              <input
                id={`${id}-text`}
                ref={input}
                className="drill-input"
                value={text}
                maxLength={2000}
                placeholder="e.g. 2 × 32 × 8 × 128 × 2 B × 4096 ≈ 537 MB"
                onChange={(e) => setText(e.target.value)}
                data-testid="drill-text"
                autoComplete="off"
              />
            </div>
          )}
          <button
            type="submit"
            className="button primary"
            disabled={busy || (useChoices ? choice === null : !text.trim())}
            data-testid="drill-submit"
          >
            Check
          </button>
        </form>
      )}
    </article>
  )
}

interface SelfGradeProps {
  question: DrillQuestion
  revealed: boolean
  onReveal(): void
  checked: number[]
  setChecked(c: number[]): void
  selfScore: number | null
  setSelfScore(n: number): void
  busy: boolean
  onSubmit(r: DrillResponse): void
}

/** Open questions: sketch an answer, then see the model answer and tick the rubric's checkpoints. */
function SelfGrade(props: SelfGradeProps) {
  const [notes, setNotes] = useState('')
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) props.onReveal()
  }
  if (!props.revealed) {
    return (
      <div className="drill-self">
        <label htmlFor={`notes-${props.question.questionId}`}>
          Sketch your answer first (for yourself; it is not graded). Ctrl+Enter shows the model answer.
        </label>
        <textarea
          id={`notes-${props.question.questionId}`}
          className="drill-notes"
          rows={5}
          value={notes}
          maxLength={20000}
          onChange={(e) => setNotes(e.target.value)}
          onKeyDown={onKey}
          data-testid="drill-notes"
        />
        <button type="button" className="button primary" onClick={props.onReveal} data-testid="drill-reveal">
          Show the model answer and grade myself
        </button>
      </div>
    )
  }
  return <SelfGradeForm {...props} />
}

function SelfGradeForm(props: SelfGradeProps) {
  const loadRubric = useDrills((s) => s.loadRubric)
  const [rubric, setRubric] = useState<{ modelAnswer: string | null; rubric: string[] | null } | null>(null)
  useEffect(() => {
    let live = true
    void loadRubric(props.question.questionId).then((r) => live && setRubric(r ?? { modelAnswer: null, rubric: null }))
    return () => {
      live = false
    }
  }, [props.question.questionId])
  if (!rubric) return <p className="loading">Loading the model answer…</p>
  const toggle = (k: number, on: boolean) => props.setChecked(on ? [...props.checked, k] : props.checked.filter((c) => c !== k))
  const hasRubric = (rubric.rubric?.length ?? 0) > 0
  return (
    <div className="drill-self">
      {rubric.modelAnswer ? (
        <section aria-label="Model answer" className="drill-model">
          <h3>Model answer</h3>
          <p>{rubric.modelAnswer}</p>
        </section>
      ) : null}
      {hasRubric ? (
        <fieldset className="drill-rubric">
          <legend>Tick the checkpoints your answer met</legend>
          {rubric.rubric!.map((r, k) => (
            <label key={k}>
              <input
                type="checkbox"
                checked={props.checked.includes(k)}
                onChange={(e) => toggle(k, e.target.checked)}
                data-testid={`drill-check-${k}`}
              />{' '}
              {r}
            </label>
          ))}
        </fieldset>
      ) : (
        <fieldset className="drill-rubric">
          <legend>How close was your answer to the model answer?</legend>
          {['Missed it', 'Partly', 'Mostly', 'Fully'].map((label, k) => (
            <label key={k}>
              <input
                type="radio"
                name={`self-${props.question.questionId}`}
                checked={props.selfScore === k}
                onChange={() => props.setSelfScore(k)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
      )}
      <button
        type="button"
        className="button primary"
        disabled={props.busy || (!hasRubric && props.selfScore === null)}
        onClick={() =>
          props.onSubmit({ type: 'self', checked: props.checked, ...(props.selfScore !== null ? { score: props.selfScore } : {}) })
        }
        data-testid="drill-self-submit"
      >
        Record my grade
      </button>
    </div>
  )
}

export function FeedbackView({ question, feedback }: { question: DrillQuestion; feedback: DrillFeedback }) {
  const navigate = useRouter((s) => s.navigate)
  const tone = GRADE_TONE[feedback.grade] ?? 'fair'
  return (
    <div className="drill-feedback" data-testid="drill-feedback">
      <p className={`drill-grade ${tone}`} role="status">
        <span className="drill-grade-name" data-testid="drill-grade">
          {feedback.grade}
        </span>{' '}
        <span className="drill-score">{feedback.score}/3</span>{' '}
        {feedback.message.replace(/^(Exact|Close|Ballpark|Off|Way off|Unit mismatch|No answer):\s*/, '')}
      </p>
      {feedback.expected ? (
        <p>
          Answer: <strong data-testid="drill-expected">{feedback.expected}</strong>
        </p>
      ) : null}
      {question.options && feedback.correctIndex !== null && feedback.optionNotes ? (
        <ul className="drill-option-notes" aria-label="What each option comes from">
          {question.options.map((o, k) => (
            <li key={k} className={k === feedback.correctIndex ? 'right' : ''}>
              {o}
              {k === feedback.correctIndex ? ' — right' : feedback.optionNotes![k] ? ` — ${feedback.optionNotes![k]}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {feedback.napkin ? (
        <section className="drill-napkin" aria-label="Napkin math">
          <h3>Napkin math</h3>
          <h4>Assumptions</h4>
          <ul>
            {feedback.napkin.assumptions.map((a, k) => (
              <li key={k}>{a}</li>
            ))}
          </ul>
          <h4>Calculations</h4>
          <ol>
            {feedback.napkin.calculations.map((c, k) => (
              <li key={k} className="drill-calc">
                {c}
              </li>
            ))}
          </ol>
          <h4>Conclusion</h4>
          <p>{feedback.napkin.conclusion}</p>
        </section>
      ) : null}
      {feedback.napkinText ? (
        <section className="drill-napkin" aria-label="Napkin math">
          <h3>Napkin math</h3>
          <pre className="drill-plain">{feedback.napkinText}</pre>
        </section>
      ) : null}
      {feedback.mistake ? (
        <section className="drill-mistake" aria-label="Common mistake">
          <h3>Common mistake</h3>
          <p>
            <strong>Pitfall:</strong> {feedback.mistake.pitfall}
          </p>
          <p>
            <strong>Why:</strong> {feedback.mistake.rationale}
          </p>
          <p>
            <strong>Consequence:</strong> {feedback.mistake.consequence}
          </p>
        </section>
      ) : null}
      {feedback.mistakeText ? (
        <section className="drill-mistake" aria-label="Common mistake">
          <h3>Common mistake</h3>
          <pre className="drill-plain">{feedback.mistakeText}</pre>
        </section>
      ) : null}
      {feedback.modelAnswer ? (
        <section aria-label="Model answer">
          <h3>Model answer</h3>
          <p>{feedback.modelAnswer}</p>
        </section>
      ) : null}
      {feedback.rubric?.length ? (
        <section aria-label="Rubric">
          <h3>Rubric</h3>
          <ul>
            {feedback.rubric.map((r, k) => (
              <li key={k}>{r}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="drill-links">
        {question.dashboard ? (
          <button
            type="button"
            className="button"
            onClick={() => navigate('simulator', simulatorSubject(question.dashboard!.id, question.dashboard!.params))}
            data-testid="drill-open-simulator"
          >
            Open the {question.dashboard.id} dashboard with these numbers
          </button>
        ) : null}
        {question.chapters.map((c) => (
          <button key={c.id} type="button" className="button" onClick={() => navigate('chapters', c.id)} data-testid="drill-open-chapter">
            Read: {c.title}
          </button>
        ))}
        <span className="muted small">Review rating: {feedback.review.rating}</span>
      </p>
    </div>
  )
}
