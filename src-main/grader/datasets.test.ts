// Milestone scripts import the shipped datasets as modules compiled into their bundle; this runs one in
// the real sandbox and checks it saw exactly the digits main reads from the package.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadMnist } from '../tensor'
import { curriculumRoot, runMilestone } from './index'

const root = mkdtempSync(join(tmpdir(), 'datasets-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
// A curriculum with no modules: the real runtime, harness and datasets, and two probe milestones.
for (const dir of ['runtime', 'harness', 'datasets']) cpSync(join(curriculumRoot(), dir), join(root, dir), { recursive: true })
mkdirSync(join(root, 'milestones'), { recursive: true })
writeFileSync(
  join(root, 'milestones', 'mnist_probe.ts'),
  `import { loadMnist } from 'tinytorch/datasets'
export default async function run() {
  const m = loadMnist()
  let ink = 0
  for (let i = 0; i < 784; i++) ink += m.test.pixels[i]
  return { achieved: true, summary: 'read', metrics: { train: m.train.count, test: m.test.count, side: m.side, firstTestLabel: m.test.labels[0], ink, lastTrainLabel: m.train.labels[m.train.count - 1] } }
}
`
)
writeFileSync(
  join(root, 'milestones', 'bad_dataset.ts'),
  `import { DATA } from 'tinytorch/datasets/cifar'
export default async function run() { return { achieved: true, summary: String(DATA), metrics: {} } }
`
)

describe('datasets in the sandbox', () => {
  it('a milestone reads the MNIST splits main reads, decoded to [0, 1]', { timeout: 60_000 }, async () => {
    const r = await runMilestone({ root, milestoneId: 'mnist_probe' })
    expect(r.message).toBeNull()
    const { train, test } = loadMnist()
    let ink = 0
    for (let i = 0; i < 784; i++) ink += test.images[i]! / 255
    expect(r.metrics.train).toBe(train.count)
    expect(r.metrics.test).toBe(test.count)
    expect(r.metrics.side).toBe(28)
    expect(r.metrics.firstTestLabel).toBe(test.labels[0])
    expect(r.metrics.lastTrainLabel).toBe(train.labels[train.count - 1])
    expect(r.metrics.ink).toBeCloseTo(ink, 3)
  })

  it('an unknown dataset module is a compile error that names the known ones', { timeout: 60_000 }, async () => {
    const r = await runMilestone({ root, milestoneId: 'bad_dataset' })
    expect(r.status).toBe('error')
    expect(r.message).toMatch(/no dataset module 'tinytorch\/datasets\/cifar' \(known: mnist-data\)/)
  })
})
