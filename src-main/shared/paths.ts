import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'MLSys Workstation'

/**
 * Where progress lives. Electron's own `userData` is set to this same folder, so the desktop app, the
 * browser host and the CLI all read one store. MLSYS_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.MLSYS_DATA_DIR) return env.MLSYS_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}
