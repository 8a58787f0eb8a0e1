import { describe, expect, it } from 'vitest'
import { linkParams } from '../features/simulator/linkParams'
import { parseHash, toHash } from './routes'

describe('addresses', () => {
  it('parses route, subject and a query', () => {
    expect(parseHash('#/chapters/vol1/01-introduction/sec-v1-x')).toEqual({
      route: 'chapters',
      subject: 'vol1/01-introduction/sec-v1-x',
      query: {}
    })
    expect(parseHash('#/simulator/roofline?devices=h100-sxm&intensity=20')).toEqual({
      route: 'simulator',
      subject: 'roofline',
      query: { devices: 'h100-sxm', intensity: '20' }
    })
    expect(parseHash('#/nowhere?x=1')).toEqual({ route: 'home', subject: null, query: {} })
    expect(parseHash('#/chapters/%E0%A4%A')).toMatchObject({ route: 'chapters', subject: '%E0%A4%A' })
    expect(toHash('chapters', 'book/introduction')).toBe('#/chapters/book/introduction')
  })

  it('reads link parameters with the type of each dashboard default, ignoring the rest', () => {
    const defaults = { devices: ['a100-80gb'], precision: 'fp16', intensity: 20, on: false }
    expect(linkParams(defaults, { devices: 'h100-sxm,t4', precision: 'bf16', intensity: '295.3', on: 'true', evil: '1' })).toEqual({
      devices: ['h100-sxm', 't4'],
      precision: 'bf16',
      intensity: 295.3,
      on: true
    })
    expect(linkParams(defaults, { intensity: 'NaN', on: 'yes', precision: '' })).toEqual({})
  })
})
