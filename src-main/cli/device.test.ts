/**
 * `mlsys device …` and `mlsys model run` as a script sees them: the real CLI in a child process, against
 * a virtual board it serves itself (`device virtual`) and against the C agent on a socat pseudo-terminal.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeTtm, encodeTtm, ptyPair, runTtm, type PtyPair } from '../devices'
import { agentDir, agentHost, make } from '../testing/native'
import { mulberry32 } from '../testing/random'
import { randomInput, randomModel } from '../testing/ttmModels'

const root = resolve(__dirname, '../..')
const vectors = join(root, 'native/tinyrt/vectors')
const work = mkdtempSync(join(tmpdir(), 'mlsys-cli-dev-'))

function mlsys(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src-main/cli.ts'), ...args, '--data-dir', work], {
    cwd: root,
    encoding: 'utf8'
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) }
}

describe('mlsys model run', () => {
  it('prints the int8 outputs of the TypeScript interpreter', () => {
    const r = mlsys('model', 'run', join(vectors, 'hand-dense.ttm'), '--input', join(vectors, 'hand-dense.in1.bin'))
    expect(r.code).toBe(0)
    expect(r.json()).toEqual({ output: [127, 59] })
  })

  it('exits non-zero naming the field for an invalid model, and refuses a wrong input or usage', () => {
    const bad = mlsys('model', 'run', join(vectors, 'bad-in-size.ttm'), '--input', join(vectors, 'hand-dense.in0.bin'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('invalid model: layers[0].inSize: 3 does not match')
    const crc = mlsys('model', 'run', join(vectors, 'bad-checksum.ttm'), '--input', join(vectors, 'hand-dense.in0.bin'))
    expect([crc.code, crc.stderr.includes('invalid model: checksum:')]).toEqual([1, true])
    const size = mlsys('model', 'run', join(vectors, 'hand-dense.ttm'), '--input', join(vectors, 'hand-two-layers.ttm'))
    expect(size.code).toBe(1)
    expect(size.stderr).toContain('the model takes 2 int8 inputs')
    expect(mlsys('model', 'run', join(vectors, 'hand-dense.ttm')).code).toBe(2)
    expect(mlsys('model', 'walk').code).toBe(2)
  })
})

describe('mlsys device', () => {
  let virtual: ChildProcess
  let port = ''
  const rnd = mulberry32(31)
  let model = randomModel(rnd, { maxLayers: 3, maxWidth: 40 })
  while (encodeTtm(model).length < 2500) model = randomModel(rnd, { maxLayers: 3, maxWidth: 40 })
  const modelFile = join(work, 'gesture.ttm')
  writeFileSync(modelFile, encodeTtm(model))

  beforeAll(async () => {
    virtual = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main/cli.ts'), 'device', 'virtual', '--profile', 'nano33ble'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    port = await new Promise<string>((resolveLine, reject) => {
      let out = ''
      virtual.stdout!.on('data', (d) => {
        out += String(d)
        if (out.includes('\n')) resolveLine(out.split('\n')[0]!)
      })
      virtual.once('exit', (code) => reject(new Error(`device virtual exited with ${code}`)))
    })
  })
  afterAll(async () => {
    const exited = new Promise((r) => virtual.once('exit', r))
    virtual.kill('SIGINT')
    await exited
  })

  it('device virtual prints the pseudo-terminal path to connect to', () => {
    expect(port).toMatch(/^\/dev\/pts\/\d+$/)
  })

  it('device deploy prints the pinned JSON shape, and device infer runs the model', () => {
    const r = mlsys('device', 'deploy', modelFile, '--port', port)
    expect(r.code).toBe(0)
    const out = r.json()
    expect(Object.keys(out)).toEqual(['ok', 'bytes', 'seconds', 'bytesPerSecond', 'resumedFrom', 'retries', 'board'])
    expect(out).toMatchObject({ ok: true, bytes: encodeTtm(model).length, resumedFrom: 0, retries: 0, board: 'nano33ble' })
    expect(out.bytesPerSecond).toBeGreaterThan(0)
    expect(r.stderr).toContain(`deploying: ${out.bytes}/${out.bytes} bytes (100%)`)

    const input = randomInput(rnd, model.inputSize)
    const inputFile = join(work, 'input.bin')
    writeFileSync(inputFile, new Uint8Array(input.buffer))
    const inferred = mlsys('device', 'infer', '--port', port, '--input', inputFile)
    expect(inferred.code).toBe(0)
    const result = inferred.json()
    expect(result.output).toEqual([...runTtm(decodeTtm(readFileSync(modelFile)), input)])
    expect(result.micros).toBeGreaterThanOrEqual(1)
  })

  it('fails with { ok: false, error: { code, message } } and exit 1, or exit 2 for bad usage', () => {
    const invalid = mlsys('device', 'deploy', join(vectors, 'bad-version.ttm'), '--port', port)
    expect(invalid.code).toBe(1)
    expect(invalid.json()).toEqual({
      ok: false,
      error: { code: 'invalid-model', message: 'version: version 2 is not supported (this runtime reads version 1)' }
    })
    const missing = mlsys('device', 'deploy', modelFile, '--port', '/dev/no-such-board')
    expect(missing.code).toBe(1)
    expect(missing.json().error.code).toBe('port')
    expect(missing.json().error.message).toContain('/dev/no-such-board is not there any more')
    expect(mlsys('device', 'deploy', modelFile).code).toBe(2)
    expect(mlsys('device', 'deploy', modelFile, '--port', port, '--retries', 'many').code).toBe(2)
    expect(mlsys('device', 'infer', '--port', port).code).toBe(2)
    expect(mlsys('device', 'fly').code).toBe(2)
    expect(mlsys('device', 'virtual', '--profile', 'cp210x').stderr).toContain('"cp210x" is a bridge profile')
  })

  it('device list prints an array of { path, vendorId, productId, serialNumber, board }', () => {
    const r = mlsys('device', 'list')
    expect(r.code).toBe(0)
    const ports = r.json() as Record<string, unknown>[]
    expect(Array.isArray(ports)).toBe(true)
    for (const p of ports) expect(Object.keys(p)).toEqual(['path', 'vendorId', 'productId', 'serialNumber', 'board'])
  })
})

describe('mlsys device deploy to the C agent', () => {
  let pair: PtyPair
  let agent: ChildProcess
  beforeAll(async () => {
    make(agentDir)
    pair = await ptyPair()
    agent = spawn(agentHost, [pair.a, '--board', 'host-agent'], { stdio: ['ignore', 'ignore', 'pipe'] })
    await new Promise<void>((r) => agent.stderr!.on('data', (d) => String(d).includes('ready') && r()))
  })
  afterAll(async () => {
    agent.kill('SIGTERM')
    await pair.close()
  })

  it('deploys and infers through the real C code', () => {
    const r = mlsys('device', 'deploy', join(vectors, 'hand-two-layers.ttm'), '--port', pair.b)
    expect(r.code).toBe(0)
    expect(r.json()).toMatchObject({ ok: true, bytes: 120, board: 'host-agent' })
    const inferred = mlsys('device', 'infer', '--port', pair.b, '--input', join(vectors, 'hand-two-layers.in2.bin'))
    expect(inferred.json().output).toEqual([35])
  })
})
