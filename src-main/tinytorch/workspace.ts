/**
 * The learner's TinyTorch workspace: a real folder, `<dataDir>/workspace/tinytorch/NN_name/<file>`, so the
 * code can also be edited in any other editor. Starter files are copied in on first open and never
 * overwritten; writes are atomic (temp file + rename); edits made elsewhere are picked up by a watcher.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs'
import { join, sep } from 'node:path'
import { CurriculumError, MODULE_ID, curriculumRoot, loadModule, type ModuleInfo } from '../grader'

export interface Workspace {
  /** `<dataDir>/workspace/tinytorch`: the folder the grader's `workspaceDir` option takes. */
  readonly dir: string
  modulePath(moduleId: string): string
  /** Creates the module folder and copies each starter file that is not there yet. Returns the files it copied. */
  ensureModule(moduleId: string): { dir: string; copied: string[] }
  /** The module's files as the learner has them (starter text for any file missing from the folder). */
  readFiles(moduleId: string): Record<string, string>
  /** Atomically replaces one of the module's files. */
  writeFile(moduleId: string, fileName: string, text: string): void
  /**
   * Calls `onChange` when a module file changes on disk by any means other than `writeFile` (debounced).
   * Returns a function that stops watching.
   */
  watch(onChange: (moduleId: string, fileName: string) => void, options?: { debounceMs?: number }): () => void
}

export function workspaceDir(dataDir: string): string {
  return join(dataDir, 'workspace', 'tinytorch')
}

export function createWorkspace(dataDir: string, root: string = curriculumRoot()): Workspace {
  const dir = workspaceDir(dataDir)
  const modules = new Map<string, ModuleInfo>()
  /** Text last written by us or last reported, per absolute path: an event that finds the same text is ignored. */
  const known = new Map<string, string>()

  function info(moduleId: string): ModuleInfo {
    let mod = modules.get(moduleId)
    if (!mod) {
      mod = loadModule(root, moduleId)
      modules.set(moduleId, mod)
    }
    return mod
  }

  function checkFile(mod: ModuleInfo, fileName: string): string {
    if (!mod.files.includes(fileName))
      throw new CurriculumError(`"${fileName}" is not one of the files of ${mod.id} (${mod.files.join(', ')})`)
    return join(dir, mod.id, fileName)
  }

  function modulePath(moduleId: string): string {
    return join(dir, info(moduleId).id)
  }

  function ensureModule(moduleId: string): { dir: string; copied: string[] } {
    const mod = info(moduleId)
    const moduleDir = join(dir, mod.id)
    mkdirSync(moduleDir, { recursive: true })
    const copied: string[] = []
    for (const file of mod.files) {
      const path = join(moduleDir, file)
      try {
        // 'wx' fails when the file exists: never overwrite, even if it appeared a moment ago.
        writeFileSync(path, mod.starter[file]!, { flag: 'wx' })
        known.set(path, mod.starter[file]!)
        copied.push(file)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
    }
    return { dir: moduleDir, copied }
  }

  function readFiles(moduleId: string): Record<string, string> {
    const mod = info(moduleId)
    const out: Record<string, string> = {}
    for (const file of mod.files) {
      const path = join(dir, mod.id, file)
      if (existsSync(path)) {
        out[file] = readFileSync(path, 'utf8')
        known.set(path, out[file])
      } else out[file] = mod.starter[file]!
    }
    return out
  }

  function writeFile(moduleId: string, fileName: string, text: string): void {
    const mod = info(moduleId)
    const path = checkFile(mod, fileName)
    mkdirSync(join(dir, mod.id), { recursive: true })
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    known.set(path, text)
    try {
      writeFileSync(temp, text)
      renameSync(temp, path)
    } catch (e) {
      rmSync(temp, { force: true })
      throw e
    }
  }

  function watchWorkspace(onChange: (moduleId: string, fileName: string) => void, options: { debounceMs?: number } = {}): () => void {
    const debounceMs = options.debounceMs ?? 150
    mkdirSync(dir, { recursive: true })
    const pending = new Map<string, NodeJS.Timeout>()
    let closed = false

    const check = (moduleId: string, fileName: string): void => {
      pending.delete(`${moduleId}/${fileName}`)
      if (closed) return
      let mod: ModuleInfo
      try {
        mod = info(moduleId)
      } catch {
        return
      }
      if (!mod.files.includes(fileName)) return
      const path = join(dir, moduleId, fileName)
      let text: string
      try {
        text = readFileSync(path, 'utf8')
      } catch {
        return // deleted or mid-rename; a later event will follow
      }
      if (known.get(path) === text) return
      known.set(path, text)
      onChange(moduleId, fileName)
    }

    const onEvent = (relative: string | null): void => {
      if (!relative) return
      const parts = relative.split(/[\\/]/)
      if (parts.length !== 2) return
      const [moduleId, fileName] = parts as [string, string]
      if (!MODULE_ID.test(moduleId) || !fileName.endsWith('.ts')) return
      const key = `${moduleId}/${fileName}`
      const previous = pending.get(key)
      if (previous) clearTimeout(previous)
      pending.set(
        key,
        setTimeout(() => check(moduleId, fileName), debounceMs)
      )
    }

    // One non-recursive watcher per module folder (directory watches see files by name, so atomic renames by
    // other editors are seen too; Linux's recursive mode loses a file once it is replaced by a rename), plus
    // one on the root for module folders created later.
    const watchers: FSWatcher[] = []
    const watched = new Set<string>()
    const addModule = (moduleId: string): void => {
      const moduleDir = join(dir, moduleId)
      if (closed || watched.has(moduleId) || !existsSync(moduleDir)) return
      watched.add(moduleId)
      try {
        const w = watch(moduleDir, (_event, filename) => filename && onEvent(`${moduleId}${sep}${String(filename)}`))
        w.on('error', () => watched.delete(moduleId))
        watchers.push(w)
      } catch {
        watched.delete(moduleId)
      }
    }
    watchers.push(
      watch(dir, (_event, filename) => {
        if (filename && MODULE_ID.test(String(filename))) addModule(String(filename))
      })
    )
    for (const name of readdirSync(dir)) if (MODULE_ID.test(name)) addModule(name)
    for (const w of watchers) w.on('error', () => undefined)

    return () => {
      closed = true
      for (const w of watchers) w.close()
      for (const t of pending.values()) clearTimeout(t)
      pending.clear()
    }
  }

  return { dir, modulePath, ensureModule, readFiles, writeFile, watch: watchWorkspace }
}
