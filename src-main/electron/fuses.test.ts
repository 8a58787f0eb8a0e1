import { FuseV1Options } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
// @ts-expect-error a plain .mjs build script without types
import { FUSES } from '../../scripts/fuses.mjs'

describe('Electron fuses for a packaged build', () => {
  it('turns off running as Node, NODE_OPTIONS and inspect flags, and loads only the integrity-checked asar', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false)
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
  })
})
