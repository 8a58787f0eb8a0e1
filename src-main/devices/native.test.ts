/**
 * The TypeScript interpreter and the C runtime (native/tinyrt, built here with make) agree bit for bit:
 * on the shared vectors, on random models and inputs, on damaged files, and on the fixed-point primitives.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runTtm } from './interpreter'
import { multiplyByQuantizedMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from './requant'
import { crc32 } from './crc32'
import { decodeTtm, encodeTtm, TtmError } from './ttm'
import { make, tinyrtDir, ttmPrims, ttmRun } from '../testing/native'
import { mulberry32 } from '../testing/random'
import { randomInput, randomModel } from '../testing/ttmModels'

const vectorsDir = join(tinyrtDir, 'vectors')
const work = mkdtempSync(join(tmpdir(), 'mlsys-ttm-'))

/** What the C runtime says: its outputs, or the field it refuses. */
function runC(model: Uint8Array | string, input: Int8Array | string): { output: number[] } | { field: string; code: number | null } {
  const modelPath = typeof model === 'string' ? model : join(work, 'm.ttm')
  const inputPath = typeof input === 'string' ? input : join(work, 'in.bin')
  if (typeof model !== 'string') writeFileSync(modelPath, model)
  if (typeof input !== 'string') writeFileSync(inputPath, new Uint8Array(input.buffer, input.byteOffset, input.length))
  const r = spawnSync(ttmRun, [modelPath, inputPath], { encoding: 'utf8' })
  if (r.status === 0) return { output: r.stdout.trim().split(' ').map(Number) }
  if (r.status === 3) return { field: 'input', code: 3 }
  const m = /^invalid model: (\S+): /.exec(r.stderr)
  return { field: m ? m[1]! : `(exit ${r.status}: ${r.stderr.trim()})`, code: r.status }
}

/** The same from the TypeScript side. */
function runTs(bytes: Uint8Array, input: Int8Array): { output: number[] } | { field: string; code: number | null } {
  try {
    const model = decodeTtm(bytes)
    if (input.length !== model.inputSize) return { field: 'input', code: 3 }
    return { output: [...runTtm(model, input)] }
  } catch (e) {
    if (e instanceof TtmError) return { field: e.field, code: 1 }
    throw e
  }
}

beforeAll(() => make(tinyrtDir))

describe('shared vectors (native/tinyrt/vectors)', () => {
  const lines = readFileSync(join(vectorsDir, 'vectors.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(' '))

  it('has the hand-derived cases, random regressions and a refusal for every field', () => {
    expect(lines.filter((l) => l[0] === 'ok').length).toBeGreaterThanOrEqual(30)
    const fields = new Set(lines.filter((l) => l[0] === 'bad').map((l) => l[2]!.replace(/\[\d+\]/, '[i]')))
    for (const f of [
      'checksum',
      'magic',
      'version',
      'length',
      'layerCount',
      'layers[i].inSize',
      'layers[i].inputZeroPoint',
      'layers[i].shift'
    ])
      expect(fields).toContain(f)
  })

  for (const [kind, model, arg, ...rest] of lines) {
    it(`${kind} ${model} ${kind === 'ok' ? arg : `→ ${arg}`}: both runtimes`, () => {
      const bytes = new Uint8Array(readFileSync(join(vectorsDir, model!)))
      if (kind === 'ok') {
        const input = new Int8Array(readFileSync(join(vectorsDir, arg!)))
        const expected = rest.map(Number)
        expect(runTs(bytes, input)).toEqual({ output: expected })
        expect(runC(join(vectorsDir, model!), join(vectorsDir, arg!))).toEqual({ output: expected })
      } else {
        expect(runTs(bytes, new Int8Array(0))).toEqual({ field: arg, code: 1 })
        expect(runC(join(vectorsDir, model!), '/dev/null')).toEqual({ field: arg, code: 1 })
      }
    })
  }
})

describe('randomised differential tests', () => {
  it('agree on 150 random models, two inputs each', () => {
    const rnd = mulberry32(20260101)
    for (let t = 0; t < 150; t++) {
      const model = randomModel(rnd)
      const bytes = encodeTtm(model)
      for (let k = 0; k < 2; k++) {
        const input = randomInput(rnd, model.inputSize)
        const ts = runTs(bytes, input)
        expect(runC(bytes, input), `model ${t}, input ${k}`).toEqual(ts)
      }
    }
  })

  it('agree on damaged files: the same verdict and the same field, and never crash', () => {
    const rnd = mulberry32(99)
    let refused = 0
    for (let t = 0; t < 150; t++) {
      const model = randomModel(rnd, { maxLayers: 3, maxWidth: 12 })
      const bytes = encodeTtm(model).slice()
      const damage = Math.floor(rnd() * 4)
      let damaged = bytes
      if (damage === 0) damaged[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256)
      else if (damage === 1) damaged = bytes.slice(0, Math.floor(rnd() * bytes.length))
      else {
        // A structural change with the checksum made right again, so the validator meets the structure.
        damaged[Math.floor(rnd() * Math.min(bytes.length - 4, 120))] = Math.floor(rnd() * 256)
        if (damage === 3) damaged = Uint8Array.of(...damaged.subarray(0, -4), ...randomInput(rnd, 1 + Math.floor(rnd() * 9)), 0, 0, 0, 0)
        new DataView(damaged.buffer).setUint32(damaged.length - 4, crc32(damaged.subarray(0, damaged.length - 4)), true)
      }
      const input = randomInput(rnd, model.inputSize)
      const ts = runTs(damaged, input)
      const c = runC(damaged, input)
      if ('field' in ts) refused++
      expect(c, `case ${t}`).toEqual(ts)
    }
    expect(refused).toBeGreaterThan(60)
  })
})

describe('fixed-point primitives and CRC against ttm-prims', () => {
  it('agree on 3,000 random and edge operands', () => {
    const rnd = mulberry32(4242)
    const i32 = () => (Math.floor(rnd() * 2 ** 32) | 0) as number
    const edges = [-2147483648, -2147483647, -1, 0, 1, 2147483647, 1073741824, -1073741824]
    const pick = () => (rnd() < 0.2 ? edges[Math.floor(rnd() * edges.length)]! : i32())
    const cases: { line: string; expected: number }[] = []
    for (let i = 0; i < 1000; i++) {
      const a = pick()
      const b = pick()
      cases.push({ line: `srdhm ${a} ${b}`, expected: saturatingRoundingDoublingHighMul(a, b) })
      const e = Math.floor(rnd() * 32)
      cases.push({ line: `rdbpot ${a} ${e}`, expected: roundingDivideByPOT(a, e) })
      const m = Math.floor(rnd() * 2 ** 31)
      const s = -31 + Math.floor(rnd() * 62)
      cases.push({ line: `mbqm ${a} ${m} ${s}`, expected: multiplyByQuantizedMultiplier(a, m, s) })
    }
    for (let n = 0; n < 40; n++) {
      const data = randomInput(rnd, n * 13)
      const hex = Buffer.from(data.buffer, data.byteOffset, data.length).toString('hex')
      cases.push({ line: `crc ${hex}`, expected: crc32(new Uint8Array(data.buffer, data.byteOffset, data.length)) })
    }
    const out = execFileSync(ttmPrims, { input: cases.map((c) => c.line).join('\n') + '\n', encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number)
    expect(out.length).toBe(cases.length)
    const mismatches = cases.filter((c, i) => out[i] !== c.expected).slice(0, 5)
    expect(mismatches).toEqual([])
  })
})
