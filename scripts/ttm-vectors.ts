// Writes the shared TTM1 test vectors to native/tinyrt/vectors/: models, raw int8 inputs, and
// vectors.txt, which both runtimes check against (vitest for the TypeScript interpreter and through
// ttm-run for C; `make -C native/tinyrt check` for C alone).
// Run: npx tsx scripts/ttm-vectors.ts   (the files are committed; rerun only to change them)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { crc32, decodeTtm, encodeTtm, runTtm, TtmError, type DenseLayer, type TtmModel } from '../src-main/devices/index'
import { mulberry32 } from '../src-main/testing/random'
import { randomInput, randomModel } from '../src-main/testing/ttmModels'

const dir = resolve(__dirname, '../native/tinyrt/vectors')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const lines: string[] = [
  '# Shared TTM1 vectors: both runtimes must agree with every line (written by scripts/ttm-vectors.ts).',
  '# ok <model> <input.bin> <expected int8 outputs...>   |   bad <model> <field the validator names>'
]

function dense(l: Partial<DenseLayer> & Pick<DenseLayer, 'inSize' | 'outSize' | 'weights' | 'bias'>): DenseLayer {
  return { activation: 'none', inputZeroPoint: 0, outputZeroPoint: 0, outputScale: 0.5, multiplier: 2 ** 30, shift: 0, ...l }
}

function ok(name: string, model: TtmModel, inputs: number[][], expected?: number[][]): void {
  writeFileSync(join(dir, `${name}.ttm`), encodeTtm(model))
  inputs.forEach((input, k) => {
    const file = `${name}.in${k}.bin`
    writeFileSync(
      join(dir, file),
      Uint8Array.from(Int8Array.from(input), (v) => v & 0xff)
    )
    const out = [...runTtm(model, Int8Array.from(input))]
    if (expected && expected[k]!.join(' ') !== out.join(' '))
      throw new Error(`${name} input ${k}: the hand derivation says ${expected[k]}, the interpreter ${out}`)
    lines.push(`ok ${name}.ttm ${file} ${out.join(' ')}`)
  })
}

function bad(name: string, bytes: Uint8Array, field: string): void {
  try {
    decodeTtm(bytes)
    throw new Error(`${name} is accepted by the validator`)
  } catch (e) {
    if (!(e instanceof TtmError) || e.field !== field) throw new Error(`${name}: expected the field ${field}, got ${(e as Error).message}`)
  }
  writeFileSync(join(dir, `${name}.ttm`), bytes)
  lines.push(`bad ${name}.ttm ${field}`)
}

/** Recomputes the trailer so a structural fault is what the validator meets (not the checksum). */
function withCrc(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice()
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true)
  return out
}

function mutate(bytes: Uint8Array, edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const out = bytes.slice()
  edit(new DataView(out.buffer), out)
  return withCrc(out)
}

// Hand-derived: W = [[1, 2], [−3, 4]], b = [10, −10], M = 2^30·2^−31 = 0.5, zero points 0.
//  [10, 20]:   acc = [10 + 10 + 40, −10 − 30 + 80] = [60, 40] → ·0.5 = [30, 20]
//  [127, 127]: acc = [391, 117] → SRDHM(391, 2^30) = (391 + 1)/2 = 196 → clamp 127; (117 + 1)/2 = 59
//  [−128, −128]: acc = [−374, −138] → −187.5 + 2^-31 truncates to −187 → clamp −128; −69.5 + 2^-31 → −69
const handDense: TtmModel = {
  inputSize: 2,
  outputSize: 2,
  inputScale: 0.25,
  inputZeroPoint: 0,
  layers: [dense({ inSize: 2, outSize: 2, weights: Int8Array.of(1, 2, -3, 4), bias: Int32Array.of(10, -10) })]
}
ok(
  'hand-dense',
  handDense,
  [
    [10, 20],
    [127, 127],
    [-128, -128]
  ],
  [
    [30, 20],
    [127, 59],
    [-128, -69]
  ]
)

// Hand-derived two layers. Layer 0: relu, input zero point 5, W = [[1, 0], [0, 1], [1, −1]], b = 0,
// M = 2^30·2^(1−31) = 1 (left shift 1), output zero point −10. Layer 1: W = [[1, 1, 1]], b = 6,
// M = 2^30·2^(−1−31) = 0.25 (right shift 1), output zero point 3.
//  [15, 1]:  x − 5 = [10, −4] → acc [10, −4, 14] → ·2 then SRDHM ·0.5: [10, −4, 14] (−4.5 + 2^-31 → −4)
//            + (−10) = [0, −14, 4] → relu at −10: [0, −10, 4]; layer 1: x + 10 = [10, 0, 14], acc = 6 + 24 = 30
//            → SRDHM(30, 2^30) = 15.5 → 15, RDBPOT(15, 1) = 7.5 → 8; + 3 = 11
//  [5, 5]:   acc 0 → [−10, −10, −10]; layer 1: acc = 6 → 3.5 → 3 → 1.5 → 2; + 3 = 5
//  [−128, 127]: x − 5 = [−133, 122] → acc [−133, 122, −255] → [−133, 122, −255] − 10 → relu → [−10, 112, −10];
//            layer 1: acc = 6 + 122 = 128 → 64.5 → 64 → 32; + 3 = 35
const handTwo: TtmModel = {
  inputSize: 2,
  outputSize: 1,
  inputScale: 0.1,
  inputZeroPoint: 5,
  layers: [
    dense({
      activation: 'relu',
      inSize: 2,
      outSize: 3,
      inputZeroPoint: 5,
      outputZeroPoint: -10,
      shift: 1,
      weights: Int8Array.of(1, 0, 0, 1, 1, -1),
      bias: Int32Array.of(0, 0, 0)
    }),
    dense({
      inSize: 3,
      outSize: 1,
      inputZeroPoint: -10,
      outputZeroPoint: 3,
      shift: -1,
      weights: Int8Array.of(1, 1, 1),
      bias: Int32Array.of(6)
    })
  ]
}
ok(
  'hand-two-layers',
  handTwo,
  [
    [15, 1],
    [5, 5],
    [-128, 127]
  ],
  [[11], [5], [35]]
)

// Wrap-around: a bias of 2^31 − 1 plus 127·255 overflows int32 and wraps negative (both runtimes wrap).
ok(
  'wrap',
  {
    inputSize: 1,
    outputSize: 1,
    inputScale: 1,
    inputZeroPoint: -128,
    layers: [dense({ inSize: 1, outSize: 1, inputZeroPoint: -128, weights: Int8Array.of(127), bias: Int32Array.of(2 ** 31 - 1) })]
  },
  [[127], [-128]]
)

// Regression vectors: random models (both runtimes must keep agreeing with these outputs).
const rnd = mulberry32(2024)
for (let m = 0; m < 12; m++) {
  const model = randomModel(rnd, { maxLayers: 4, maxWidth: 24 })
  ok(
    `random-${String(m).padStart(2, '0')}`,
    model,
    [randomInput(rnd, model.inputSize), randomInput(rnd, model.inputSize)].map((a) => [...a])
  )
}

// Invalid files, each refused naming one field.
const good = encodeTtm(handTwo)
const layer1 = 24 + 32 + 8 + 12 // header + layer 0 (32 B header, 6 weights padded to 8, 3 biases)
const flipped = good.slice()
flipped[30] = flipped[30]! ^ 1
bad('bad-checksum', flipped, 'checksum')
bad(
  'bad-magic',
  mutate(good, (_v, b) => b.set([0x54, 0x54, 0x4d, 0x32], 0)),
  'magic'
)
bad(
  'bad-version',
  mutate(good, (v) => v.setUint16(4, 2, true)),
  'version'
)
bad('bad-short', good.slice(0, 20), 'length')
bad(
  'bad-layer-count-0',
  mutate(good, (v) => v.setUint16(6, 0, true)),
  'layerCount'
)
bad(
  'bad-layer-count-65',
  mutate(good, (v) => v.setUint16(6, 65, true)),
  'layerCount'
)
bad(
  'bad-input-scale',
  mutate(good, (v) => v.setFloat32(16, Number.NaN, true)),
  'inputScale'
)
bad(
  'bad-input-zero-point',
  mutate(good, (v) => v.setInt32(20, 128, true)),
  'inputZeroPoint'
)
bad(
  'bad-kind',
  mutate(good, (_v, b) => (b[24] = 2)),
  'layers[0].kind'
)
bad(
  'bad-activation',
  mutate(good, (_v, b) => (b[25] = 2)),
  'layers[0].activation'
)
bad(
  'bad-reserved',
  mutate(good, (v) => v.setUint16(26, 1, true)),
  'layers[0].reserved'
)
bad(
  'bad-in-size',
  mutate(good, (v) => v.setUint32(28, 3, true)),
  'layers[0].inSize'
)
bad(
  'bad-layer-zero-point',
  mutate(good, (v) => v.setInt32(24 + 12, 4, true)),
  'layers[0].inputZeroPoint'
)
bad(
  'bad-chain-zero-point',
  mutate(good, (v) => v.setInt32(layer1 + 12, -9, true)),
  'layers[1].inputZeroPoint'
)
bad(
  'bad-output-zero-point',
  mutate(good, (v) => v.setInt32(24 + 16, -129, true)),
  'layers[0].outputZeroPoint'
)
bad(
  'bad-output-scale',
  mutate(good, (v) => v.setFloat32(24 + 20, 0, true)),
  'layers[0].outputScale'
)
bad(
  'bad-multiplier',
  mutate(good, (v) => v.setInt32(24 + 24, -1, true)),
  'layers[0].multiplier'
)
bad(
  'bad-shift',
  mutate(good, (v) => v.setInt32(24 + 28, 31, true)),
  'layers[0].shift'
)
bad(
  'bad-padding',
  mutate(good, (_v, b) => (b[24 + 32 + 6] = 1)),
  'layers[0].padding'
)
bad(
  'bad-out-size',
  mutate(good, (v) => v.setUint32(12, 2, true)),
  'layers[1].outSize'
)
bad('bad-trailing', withCrc(Uint8Array.of(...good.subarray(0, -4), 0, 0, 0, 0, 0, 0, 0, 0)), 'length')
bad('bad-truncated', withCrc(Uint8Array.of(...good.subarray(0, layer1 + 36), 0, 0, 0, 0)), 'length')
bad(
  'bad-huge-layer',
  mutate(good, (v) => {
    v.setUint32(8, 0xffffffff, true)
    v.setUint32(28, 0xffffffff, true)
  }),
  'length'
)

writeFileSync(join(dir, 'vectors.txt'), `${lines.join('\n')}\n`)
console.log(`wrote ${lines.length - 2} vectors to ${dir}`)
