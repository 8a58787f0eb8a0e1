import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createWorkspace, workspaceDir } from './index'

const root = join(__dirname, '..', 'grader', 'fixtures', 'curriculum')
let dataDir = ''
const closers: (() => void)[] = []

function fresh() {
  dataDir = mkdtempSync(join(tmpdir(), 'workspace-test-'))
  return createWorkspace(dataDir, root)
}

afterEach(() => {
  while (closers.length) closers.pop()!()
  rmSync(dataDir, { recursive: true, force: true })
})

function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now()
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve()
      else if (Date.now() - start > ms) reject(new Error('timed out waiting'))
      else setTimeout(tick, 20)
    }
    tick()
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('workspace', () => {
  it('copies the starter files once and never overwrites them', () => {
    const ws = fresh()
    expect(ws.dir).toBe(workspaceDir(dataDir))
    expect(ws.dir).toBe(join(dataDir, 'workspace', 'tinytorch'))
    const first = ws.ensureModule('00_demo')
    expect(first).toEqual({ dir: join(ws.dir, '00_demo'), copied: ['demo.ts', 'util.ts'] })
    const starter = readFileSync(join(root, '00_demo', 'demo.ts'), 'utf8')
    expect(readFileSync(join(first.dir, 'demo.ts'), 'utf8')).toBe(starter)
    writeFileSync(join(first.dir, 'demo.ts'), 'my code')
    rmSync(join(first.dir, 'util.ts'))
    expect(ws.ensureModule('00_demo').copied).toEqual(['util.ts'])
    expect(readFileSync(join(first.dir, 'demo.ts'), 'utf8')).toBe('my code')
  })

  it('reads files, falling back to the starter for missing ones', () => {
    const ws = fresh()
    expect(ws.readFiles('00_demo')['demo.ts']).toMatch(/TODO: implement add/)
    ws.ensureModule('00_demo')
    ws.writeFile('00_demo', 'demo.ts', 'export const x = 1\n')
    expect(ws.readFiles('00_demo')).toEqual({
      'demo.ts': 'export const x = 1\n',
      'util.ts': readFileSync(join(root, '00_demo', 'util.ts'), 'utf8')
    })
  })

  it('writes atomically, only the module files, leaving no temp files', () => {
    const ws = fresh()
    ws.writeFile('00_demo', 'util.ts', 'a'.repeat(100000))
    expect(readFileSync(join(ws.dir, '00_demo', 'util.ts'), 'utf8')).toHaveLength(100000)
    expect(readdirSync(join(ws.dir, '00_demo'))).toEqual(['util.ts'])
    expect(() => ws.writeFile('00_demo', '../evil.ts', 'x')).toThrow(/not one of the files of 00_demo/)
    expect(() => ws.writeFile('00_demo', 'other.ts', 'x')).toThrow(/not one of the files of 00_demo \(demo\.ts, util\.ts\)/)
    expect(() => ws.writeFile('../x', 'demo.ts', 'x')).toThrow(/not a module id/)
    expect(existsSync(join(ws.dir, 'evil.ts'))).toBe(false)
  })

  it('picks up edits made by another editor, ignoring its own writes', async () => {
    const ws = fresh()
    ws.ensureModule('00_demo')
    const changes: string[] = []
    closers.push(ws.watch((m, f) => changes.push(`${m}/${f}`), { debounceMs: 50 }))
    await sleep(100)
    ws.writeFile('00_demo', 'demo.ts', 'from the app\n')
    await sleep(300)
    expect(changes).toEqual([])
    // another editor: write in place, then an atomic rename like vim and VS Code do
    writeFileSync(join(ws.dir, '00_demo', 'util.ts'), 'from outside\n')
    await waitFor(() => changes.length === 1)
    expect(changes).toEqual(['00_demo/util.ts'])
    writeFileSync(join(ws.dir, '00_demo', 'demo.ts.swp'), 'x')
    writeFileSync(join(ws.dir, '00_demo', '.demo.ts.tmp'), 'edited elsewhere\n')
    const { renameSync } = await import('node:fs')
    renameSync(join(ws.dir, '00_demo', '.demo.ts.tmp'), join(ws.dir, '00_demo', 'demo.ts'))
    await waitFor(() => changes.length === 2)
    expect(changes).toEqual(['00_demo/util.ts', '00_demo/demo.ts'])
    // several quick writes are one change
    for (let i = 0; i < 5; i++) writeFileSync(join(ws.dir, '00_demo', 'util.ts'), `burst ${i}\n`)
    await waitFor(() => changes.length === 3)
    await sleep(200)
    expect(changes).toHaveLength(3)
    // a module folder created after watching started is watched too
    ws.ensureModule('01_next')
    await sleep(150)
    writeFileSync(join(ws.dir, '01_next', 'next.ts'), 'export {}\n')
    await waitFor(() => changes.length === 4)
    expect(changes[3]).toBe('01_next/next.ts')
  })
})
