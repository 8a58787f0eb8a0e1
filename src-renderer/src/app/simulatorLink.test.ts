import { describe, expect, it } from 'vitest'
import { linkParams } from '../features/simulator/linkParams'
import { parseHash, toHash } from './routes'
import { simulatorSubject } from './simulatorLink'

describe('simulator links', () => {
  it('round-trip through the address: numbers, strings and lists, typed by the dashboard defaults', () => {
    const hash = toHash(
      'simulator',
      simulatorSubject('serving', { model: 'llama3-8b', batch: 16, bytes: 1e9, devices: 'h100-sxm,a100-80gb' })
    )
    const parsed = parseHash(hash)
    expect(parsed).toMatchObject({ route: 'simulator', subject: 'serving' })
    const defaults = { model: 'llama3-8b', batch: 1, bytes: 0, devices: ['t4'] }
    expect(linkParams(defaults, parsed.query)).toEqual({ model: 'llama3-8b', batch: 16, bytes: 1e9, devices: ['h100-sxm', 'a100-80gb'] })
    expect(parseHash(toHash('simulator', simulatorSubject('roofline', {})))).toEqual({ route: 'simulator', subject: 'roofline', query: {} })
  })
  it('drops names the dashboard does not have, and caps values', () => {
    const { query } = parseHash(toHash('simulator', `tail?__proto__=1&constructor.x=2&name=${'x'.repeat(500)}`))
    const read = linkParams({ name: 'a', servers: 4 }, query)
    expect(Object.keys(read)).toEqual(['name'])
    expect(String(read.name).length).toBe(200)
  })
})
