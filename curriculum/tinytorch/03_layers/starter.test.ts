// Every test of this module must fail on the untouched starter, with a TODO error (no free points,
// no crashes while loading the test files).
import { it, expect, vi } from 'vitest'
import { registeredTests } from 'tinytorch/harness'

vi.mock('tinytorch/03_layers', () => import('./layers'))

it('03_layers: every test fails on the starter with a TODO error', async () => {
  await import('./tests/visible')
  await import('./tests/hidden')
  const outcomes: string[] = []
  for (const t of registeredTests()) {
    try {
      await t.fn()
      outcomes.push(`${t.name}: passed on the starter`)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (!/TODO\(/.test(message)) outcomes.push(`${t.name}: failed without a TODO error: ${message}`)
    }
  }
  expect(outcomes).toEqual([])
})
