// Every test of this module must fail on the untouched starter, with a TODO error (no free points,
// no crashes while loading the test files).
import { expect, it, vi } from 'vitest'
import { starterProblems } from '../reference/checkModule'

vi.mock('tinytorch/08_dataloader', () => import('./dataloader'))

it('08_dataloader: every test fails on the starter with a TODO error', async () => {
  expect(
    await starterProblems(async () => {
      await import('./tests/visible')
      await import('./tests/hidden')
    })
  ).toEqual([])
})
