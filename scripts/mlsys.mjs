#!/usr/bin/env node
/** `npm run -s mlsys -- <command> …`: the headless CLI, from its bundle (rebuilt when the sources changed). */
import { createRequire } from 'node:module'
import { ensureCliBundle } from './bundle.mjs'

const { runCli } = createRequire(import.meta.url)(await ensureCliBundle())
await runCli(process.argv.slice(2))
