#!/usr/bin/env node
/**
 * The Electron fuses a packaged MLSys Workstation must have, flipped in the app's Electron binary when it
 * is packaged: `node scripts/fuses.mjs <path to the packaged Electron executable>`. (Packaging is not set up
 * in this repository yet; this is the configuration it must apply, and the step that applies it.)
 *
 * - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node interpreter. Grading uses
 *   `utilityProcess`, which does not need it.
 * - NODE_OPTIONS and --inspect flags ignored: nothing outside the app can preload code into it or attach
 *   a debugger.
 * - Asar integrity validation and only-load-from-asar on: the app runs exactly the code it shipped.
 * - Cookie encryption on; no extra privileges for file://.
 */
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

export const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const binary = process.argv[2]
  if (!binary) {
    console.error('usage: node scripts/fuses.mjs <path to the packaged Electron executable>')
    process.exit(2)
  }
  await flipFuses(binary, FUSES)
  console.log(`flipped the fuses of ${binary}`)
}
