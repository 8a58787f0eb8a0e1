import { useState } from 'react'
import type { QuizView, ResponseOf } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'
import { ErrorNote } from '../../ui/components'

type Answer = ResponseOf<'chapters.answer'>
type Response = Parameters<typeof ipc.chapters.answer>[0] extends infer R ? (R extends { response: infer X } ? X : never) : never

/** Sanitised HTML from main (the chapter's own parser and allow-list). */
function Html({ html, className, as = 'span' }: { html: string; className?: string; as?: 'span' | 'div' }) {
  const Tag = as
  // biome-ignore lint/security/noDangerouslySetInnerHtml: produced by main's parser and allow-list sanitiser
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />
}

const RATED: Record<number, string> = { 1: 'missed last time', 2: 'hard last time', 3: 'right last time', 4: 'easy last time' }

function Feedback({ a }: { a: Answer }) {
  const due = new Date(a.due)
  const days = Math.round((due.getTime() - Date.now()) / 86_400_000)
  return (
    <div
      className={`quiz-feedback ${a.correct === true ? 'ok' : a.correct === false ? 'bad' : ''}`}
      role="status"
      data-testid="quiz-feedback"
    >
      <p>
        <strong>{a.correct === true ? 'Right.' : a.correct === false ? 'Not quite.' : 'Noted.'}</strong> {a.feedback}
      </p>
      <p>
        <span className="muted">Answer: </span>
        <Html html={a.answerHtml} />
      </p>
      {a.explanationHtml ? <Html as="div" className="quiz-explanation" html={a.explanationHtml} /> : null}
      <p className="muted small">In your review deck: back {days <= 0 ? 'in a few minutes' : `in ${days} day${days === 1 ? '' : 's'}`}.</p>
    </div>
  )
}

function Question({ chapterId, q, n }: { chapterId: string; q: QuizView; n: number }) {
  const [choice, setChoice] = useState<number | null>(null)
  const [text, setText] = useState('')
  const [order, setOrder] = useState(() => q.items?.map((i) => i.key) ?? [])
  const [compare, setCompare] = useState(false)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (response: Response) => {
    setBusy(true)
    setError(null)
    try {
      setAnswer(await ipc.chapters.answer({ id: chapterId, questionId: q.id, response }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const move = (i: number, d: number) => {
    const j = i + d
    if (j < 0 || j >= order.length) return
    const next = [...order]
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    setOrder(next)
  }
  const done = answer !== null
  const name = `q-${chapterId}-${q.id}`
  return (
    <li className="quiz-q" data-testid={`quiz-${q.id}`}>
      <div className="quiz-prompt">
        <span className="quiz-n">{n}.</span> <Html html={q.prompt} />
        {q.lastRating ? <span className="quiz-last muted small"> ({RATED[q.lastRating]})</span> : null}
      </div>
      {q.type === 'mcq' ? (
        <fieldset className="quiz-options" disabled={done}>
          <legend className="sr-only">Options</legend>
          {q.options!.map((o, i) => (
            <label key={i} className="quiz-option">
              <input type="radio" name={name} checked={choice === i} onChange={() => setChoice(i)} />
              <span className="quiz-letter">{String.fromCharCode(65 + i)}.</span> <Html html={o} />
            </label>
          ))}
          {!done ? (
            <button
              type="button"
              className="button small"
              disabled={choice === null || busy}
              onClick={() => void submit({ type: 'mcq', choice: choice! })}
            >
              Check
            </button>
          ) : null}
        </fieldset>
      ) : null}
      {q.type === 'tf' && !done ? (
        <div className="quiz-actions">
          <button type="button" className="button small" disabled={busy} onClick={() => void submit({ type: 'tf', value: true })}>
            True
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void submit({ type: 'tf', value: false })}>
            False
          </button>
        </div>
      ) : null}
      {q.type === 'ordering' ? (
        <div>
          <ol className="quiz-order">
            {order.map((key, i) => (
              <li key={key}>
                <Html html={q.items!.find((x) => x.key === key)!.html} />
                {!done ? (
                  <span className="quiz-move">
                    <button type="button" className="button small" aria-label="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button small"
                      aria-label="Move down"
                      disabled={i === order.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
          {!done ? (
            <button type="button" className="button small" disabled={busy} onClick={() => void submit({ type: 'ordering', order })}>
              Check order
            </button>
          ) : null}
        </div>
      ) : null}
      {q.type === 'short' ? (
        <div>
          <textarea
            className="quiz-text"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Write your answer, then compare it with the model answer."
            disabled={done}
            aria-label="Your answer"
          />
          {!compare ? (
            <button type="button" className="button small" onClick={() => setCompare(true)}>
              Compare with the model answer
            </button>
          ) : (
            <div className="quiz-model">
              <p>
                <span className="muted">Model answer: </span>
                <Html html={q.modelAnswer ?? ''} />
              </p>
              {q.rubric?.length ? (
                <ul className="quiz-rubric">
                  {q.rubric.map((r, i) => (
                    <li key={i}>
                      <Html html={r} />
                    </li>
                  ))}
                </ul>
              ) : null}
              {!done ? (
                <fieldset className="quiz-actions plain" aria-label="How did you do?">
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    onClick={() => void submit({ type: 'short', selfRating: 1 })}
                  >
                    Missed it
                  </button>
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    onClick={() => void submit({ type: 'short', selfRating: 2 })}
                  >
                    Partly
                  </button>
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    onClick={() => void submit({ type: 'short', selfRating: 3 })}
                  >
                    Got it
                  </button>
                </fieldset>
              ) : null}
            </div>
          )}
        </div>
      ) : null}
      {q.type === 'fill' || q.type === 'numeric' ? (
        <form
          className="quiz-inline"
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim()) void submit(q.type === 'fill' ? { type: 'fill', text } : { type: 'numeric', text })
          }}
        >
          <input
            type="text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={done}
            placeholder={q.type === 'numeric' ? `A number with its unit${q.unit ? ` (e.g. in ${q.unit})` : ''}` : 'The missing word'}
            aria-label="Your answer"
            data-testid={`quiz-input-${q.id}`}
          />
          {!done ? (
            <button type="submit" className="button small" disabled={busy || !text.trim()}>
              Check
            </button>
          ) : null}
          {q.type === 'numeric' && q.track ? <span className="muted small">tolerance: {q.track} track</span> : null}
        </form>
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
      {answer ? <Feedback a={answer} /> : null}
      {answer && q.type === 'fill' && answer.correct === false ? (
        <button type="button" className="button small" onClick={() => void submit({ type: 'fill', text, selfRating: 3 })}>
          Mine means the same: count it as right
        </button>
      ) : null}
      {done ? (
        <button
          type="button"
          className="button small quiz-again"
          onClick={() => {
            setAnswer(null)
            setChoice(null)
            setText('')
            setCompare(false)
          }}
        >
          Try again
        </button>
      ) : null}
    </li>
  )
}

export function Quiz({ chapterId, questions }: { chapterId: string; questions: QuizView[] }) {
  const [added, setAdded] = useState<string | null>(null)
  if (questions.length === 0) return null
  return (
    <section className="quiz card" aria-labelledby="quiz-title" data-testid="quiz">
      <div className="quiz-head">
        <h2 id="quiz-title" className="card-title">
          Check yourself: {questions.length} questions
        </h2>
        <button
          type="button"
          className="button small"
          onClick={() =>
            ipc.chapters
              .quizToDeck({ id: chapterId })
              .then((r) =>
                setAdded(r.added ? `${r.added} questions added to your review deck.` : 'Every question is already in your review deck.')
              )
              .catch((e: Error) => setAdded(`Could not add them: ${e.message}`))
          }
        >
          Add all to review
        </button>
      </div>
      <p className="muted small">Each answer goes into your review deck: a miss comes back within minutes, a right answer days later.</p>
      {added ? (
        <p className="notice" role="status">
          {added}
        </p>
      ) : null}
      <ol className="quiz-list">
        {questions.map((q, i) => (
          <Question key={q.id} chapterId={chapterId} q={q} n={i + 1} />
        ))}
      </ol>
    </section>
  )
}
