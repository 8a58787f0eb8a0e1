import type { GradeResult } from '../../../../src-preload/contract'
import { ResultBanner } from '../../ui/components'

type Test = GradeResult['tests'][number]

function headline(result: GradeResult): string {
  if (result.status === 'pass') return 'All tests pass'
  if (result.status === 'fail') return 'Some tests fail'
  return result.compileErrors.length ? 'The code did not compile' : 'The run errored'
}

/** When every test carries the same "not run: …" message, say it once above the list instead of on each test. */
function sharedNotRun(tests: readonly Test[]): string | null {
  const first = tests[0]?.message
  if (!first?.startsWith('not run:')) return null
  return tests.every((t) => t.message === first) ? first : null
}

/**
 * Exercism-style results: the outcome (pass, fail and error look clearly different), compile errors once each
 * with a way to the line, then every test with its message, output and hint.
 */
export function ResultsPanel({
  result,
  files,
  onGoTo
}: {
  result: GradeResult
  /** The learner's file names: a compile error in one of them gets "Go to line". */
  files: readonly string[]
  onGoTo(file: string, line: number, column: number): void
}) {
  const passed = result.tests.filter((t) => t.status === 'pass').length
  const notRun = sharedNotRun(result.tests)
  const ran = notRun ? 0 : result.tests.length
  return (
    <div className="results" data-testid="grade-results">
      <ResultBanner tone={result.status} title={headline(result)} testId="grade-summary">
        <p>
          {result.score}/{result.maxScore} points · {passed}/{result.tests.length} tests pass
          {notRun ? ` · none ran` : ran < result.tests.length ? ` · ${ran} ran` : ''} · {(result.durationSeconds * 1000).toFixed(0)} ms
        </p>
        {/* Why a run errored. A compile error is listed below with its place, so its words are not repeated here;
            for a pass or a fail the counts above already say what the grader's message says. */}
        {result.status === 'error' && result.message && result.compileErrors.length === 0 ? (
          <pre className="result-pre">{result.message}</pre>
        ) : null}
        {result.usedReference.length ? <p>Ran with the reference solution for: {result.usedReference.join(', ')}.</p> : null}
      </ResultBanner>
      {result.compileErrors.length ? (
        <ul className="compile-errors" data-testid="compile-errors">
          {result.compileErrors.map((e, i) => (
            <li key={i}>
              <code>
                {e.file}:{e.line}:{e.column}
              </code>{' '}
              <span className="compile-message">{e.message}</span>{' '}
              {files.includes(e.file) ? (
                <button type="button" className="button small" onClick={() => onGoTo(e.file, e.line, e.column)} data-testid="go-to-line">
                  Go to line {e.line}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {notRun ? (
        <p className="muted" data-testid="tests-not-run">
          {result.tests.length} tests {notRun}.
        </p>
      ) : null}
      <ol className="test-list">
        {result.tests.map((t) => (
          <li key={t.name} className={`test test-${t.status}`} data-status={t.status}>
            <div className="test-head">
              <span className="test-mark" role="img" aria-label={notRun ? 'not run' : t.status}>
                {notRun ? '–' : t.status === 'pass' ? '✓' : t.status === 'fail' ? '✗' : '!'}
              </span>
              <span className="test-name">{t.name}</span>
              <span className="test-task">{t.task}</span>
              <span className="test-points">
                {t.points}/{t.maxPoints}
              </span>
            </div>
            {t.message && !notRun ? <pre className="test-message">{t.message}</pre> : null}
            {t.hint && t.status !== 'pass' && !notRun ? <p className="test-hint">Hint: {t.hint}</p> : null}
            {t.output ? (
              <details>
                <summary>Output</summary>
                <pre>{t.output}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  )
}
