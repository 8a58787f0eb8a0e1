import type { GradeResult } from '../../../../src-preload/contract'

/** Exercism-style results: overall status, then each test with its message, output and hint. */
export function ResultsPanel({ result }: { result: GradeResult }) {
  const passed = result.tests.filter((t) => t.status === 'pass').length
  return (
    <div className="results" data-testid="grade-results">
      <p className={`result-summary status-${result.status}`} data-testid="grade-summary">
        <strong>{result.status === 'pass' ? 'All tests pass' : result.status === 'fail' ? 'Some tests fail' : 'The run errored'}</strong>
        {' · '}
        {result.score}/{result.maxScore} points · {passed}/{result.tests.length} tests · {(result.durationSeconds * 1000).toFixed(0)} ms
      </p>
      {result.message ? <p className="result-message">{result.message}</p> : null}
      {result.usedReference.length ? (
        <p className="muted">Ran with the reference solution for: {result.usedReference.join(', ')}.</p>
      ) : null}
      {result.compileErrors.length ? (
        <ul className="compile-errors">
          {result.compileErrors.map((e, i) => (
            <li key={i}>
              <code>
                {e.file}:{e.line}:{e.column}
              </code>{' '}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <ol className="test-list">
        {result.tests.map((t) => (
          <li key={t.name} className={`test test-${t.status}`} data-status={t.status}>
            <div className="test-head">
              <span className="test-mark" role="img" aria-label={t.status}>
                {t.status === 'pass' ? '✓' : t.status === 'fail' ? '✗' : '!'}
              </span>
              <span className="test-name">{t.name}</span>
              <span className="test-task">{t.task}</span>
              <span className="test-points">
                {t.points}/{t.maxPoints}
              </span>
            </div>
            {t.message ? <pre className="test-message">{t.message}</pre> : null}
            {t.hint && t.status !== 'pass' ? <p className="test-hint">Hint: {t.hint}</p> : null}
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
