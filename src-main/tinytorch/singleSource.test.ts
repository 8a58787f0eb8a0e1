import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { curriculumRoot, listModules } from '../grader'
import { generatedStarters, referenceOf, SingleSourceError, starterOf } from './singleSource'

const source = [
  "import { nd } from 'tinytorch/runtime'",
  '//# solution',
  "import { Tensor } from 'tinytorch/01_tensor'",
  '//# starter',
  "// import type { Tensor } from 'tinytorch/01_tensor'",
  '//# end',
  'export function relu(x: Tensor): Tensor {',
  '  //# solution',
  '  return Tensor.fromND(nd.maximum(x.toND(), 0))',
  '  //# starter',
  '  // // TODO(relu)',
  "  // throw todo('relu')",
  '  //# end',
  '}',
  '//# starter',
  '//',
  '// function todo(task: string): Error {',
  "//   return new Error('TODO(' + task + ')')",
  '// }',
  '//# end'
].join('\n')

describe('single-source modules', () => {
  it('generates the starter: shared lines, starter lines uncommented, no solution, no markers', () => {
    expect(starterOf(source)).toBe(
      [
        "import { nd } from 'tinytorch/runtime'",
        "import type { Tensor } from 'tinytorch/01_tensor'",
        'export function relu(x: Tensor): Tensor {',
        '  // TODO(relu)',
        "  throw todo('relu')",
        '}',
        '',
        'function todo(task: string): Error {',
        "  return new Error('TODO(' + task + ')')",
        '}'
      ].join('\n')
    )
  })

  it('shows the reference without the starter lines or markers', () => {
    expect(referenceOf(source)).toBe(
      [
        "import { nd } from 'tinytorch/runtime'",
        "import { Tensor } from 'tinytorch/01_tensor'",
        'export function relu(x: Tensor): Tensor {',
        '  return Tensor.fromND(nd.maximum(x.toND(), 0))',
        '}'
      ].join('\n')
    )
  })

  it('refuses malformed regions with the line at fault', () => {
    expect(() => starterOf('//# end', 'x.ts')).toThrow(/x.ts:1: \/\/# end without an open block/)
    expect(() => starterOf('//# solution\na', 'x.ts')).toThrow(/block opened at line 1 is never closed/)
    expect(() => starterOf('//# solution\n//# solution\n//# end', 'x.ts')).toThrow(/x.ts:2: \/\/# solution inside a block/)
    expect(() => starterOf('//# solution\n//# starter\n// a\n//# solution\n//# end', 'x.ts')).toThrow(SingleSourceError)
    expect(() => starterOf('//# starter\nconst x = 1\n//# end', 'x.ts')).toThrow(/x.ts:2: a starter-only line must be a \/\/ comment/)
  })

  it('every committed starter is exactly what its single source generates (npm run gen:starters)', () => {
    const root = curriculumRoot()
    const generated = generatedStarters(root, listModules(root))
    expect(generated.length).toBeGreaterThan(0)
    for (const g of generated) expect(readFileSync(g.path, 'utf8'), `${g.moduleId}: run npm run gen:starters`).toBe(g.text)
  })
})
