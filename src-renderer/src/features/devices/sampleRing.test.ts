import { describe, expect, it } from 'vitest'
import { SampleRing } from './sampleRing'

describe('SampleRing', () => {
  it('keeps the last samples in order and counts every one', () => {
    const r = new SampleRing(4)
    r.append(
      ['a', 'b'],
      [
        [1, 10],
        [2, 20],
        [3, 30]
      ]
    )
    expect(r.data()).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [10, 20, 30]
    ])
    r.append(
      ['a', 'b'],
      [
        [4, 40],
        [5, 50],
        [6, 60]
      ]
    )
    // Capacity 4: samples 2…5 (values 3…6) are kept, all 6 are counted.
    expect(r.data()).toEqual([
      [2, 3, 4, 5],
      [3, 4, 5, 6],
      [30, 40, 50, 60]
    ])
    expect(r.total).toBe(6)
    expect(r.latest()).toEqual([6, 60])
  })

  it('starts over when the columns change, and bumps the version only on change', () => {
    const r = new SampleRing(3)
    r.append(['a'], [[1]])
    const v = r.version
    r.append(['a'], [])
    expect(r.version).toBe(v)
    r.append(['x', 'y'], [[1, 2]])
    expect(r.names).toEqual(['x', 'y'])
    expect(r.total).toBe(1)
    expect(r.data()).toEqual([[0], [1], [2]])
  })
})
