// The drills' I/O shell: the bank read once from curriculum/drills, the imported vault in the data folder.
import { setImmediate as yieldToOthers } from 'node:timers/promises'
import { type Bank, bankRoot, loadBank } from './bank'
import type { Sources } from './practice'
import { type ImportSummary, loadVault, readVault, saveVault, type ImportedQuestion } from './vault'

export interface DrillsService {
  /** The bank and the imported questions. */
  sources(): Sources
  /** Where the current import came from, and why it could not be read if it could not. */
  vaultState(): { source: string | null; problem: string | null }
  /** Reads a vault folder in chunks (yielding between them) and replaces the stored import; stops when `signal` aborts. */
  importVault(folder: string, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<ImportSummary>
}

export function createDrillsService(dataDir: string, root?: string): DrillsService {
  let bank: Bank | undefined
  let vault: { questions: ImportedQuestion[]; source: string | null; problem: string | null } | undefined
  const imported = () => (vault ??= loadVault(dataDir))
  return {
    sources: () => ({ bank: (bank ??= loadBank(root ?? bankRoot())), imported: imported().questions }),
    vaultState: () => ({ source: imported().source, problem: imported().problem }),
    importVault: async (folder, onProgress, signal) => {
      const { questions, summary } = await readVault(
        folder,
        async (done, total) => {
          onProgress?.(done, total)
          await yieldToOthers()
        },
        signal
      )
      saveVault(dataDir, folder, questions)
      vault = undefined
      return summary
    }
  }
}
