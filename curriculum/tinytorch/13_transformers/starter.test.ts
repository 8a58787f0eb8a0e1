// Every test of this module must fail on the untouched starter, with a TODO error (no free points,
// no crashes while loading the test files).
import { expect, it, vi } from 'vitest'
import { starterProblems } from '../reference/checkModule'

vi.mock('tinytorch/13_transformers', () => import('./transformers'))

it('13_transformers: every test fails on the starter with a TODO error', async () => {
  expect(
    await starterProblems(async () => {
      await import('./tests/visible')
      await import('./tests/hidden')
    })
  ).toEqual([])
})
