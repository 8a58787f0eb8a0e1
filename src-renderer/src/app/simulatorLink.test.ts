import { describe, expect, it } from 'vitest'
import { parseSimulatorSubject, simulatorSubject } from './simulatorLink'

describe('simulator links', () => {
  it('round-trips numbers, strings and lists', () => {
    const subject = simulatorSubject('serving', { model: 'llama3-8b', batch: 16, bytes: 1e9, devices: 'h100-sxm,a100-80gb' })
    expect(parseSimulatorSubject(subject)).toEqual({
      dashboard: 'serving',
      params: { model: 'llama3-8b', batch: 16, bytes: 1e9, devices: ['h100-sxm', 'a100-80gb'] }
    })
    expect(parseSimulatorSubject('roofline')).toEqual({ dashboard: 'roofline', params: null })
  })
  it('drops keys that are not plain names, and caps values', () => {
    const parsed = parseSimulatorSubject(`tail?__proto__=1&constructor.x=2&name=${'x'.repeat(500)}`)
    expect(Object.keys(parsed.params!)).toEqual(['name'])
    expect(String(parsed.params!.name).length).toBe(200)
  })
})
