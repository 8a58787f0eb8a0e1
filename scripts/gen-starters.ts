/**
 * Regenerates each TinyTorch module's starter from its single source (reference/NN_x/index.ts with
 * //# solution / //# starter / //# end regions): `npm run gen:starters`. The unit tests fail when a
 * committed starter differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { curriculumRoot, listModules } from '../src-main/grader'
import { generatedStarters } from '../src-main/tinytorch'

const root = curriculumRoot()
for (const { moduleId, path, text } of generatedStarters(root, listModules(root))) {
  const before = readFileSync(path, 'utf8')
  if (before === text) continue
  writeFileSync(path, text)
  console.log(`wrote ${join(moduleId, path.split('/').pop() ?? '')}`)
}
