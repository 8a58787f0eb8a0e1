/** The console's text side: line splitting, plotter parsing, and datasets, with hostile input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetError, DatasetStore, parseDataset, splitExamples, toExamples } from './datasets'
import { LineSplitter, MAX_LINE_CHARS, parsePlotLine } from './plotter'

describe('plotter lines', () => {
  it('reads plain columns and name:value pairs, separated by commas, spaces or tabs', () => {
    expect(parsePlotLine('1.5,2,-3')).toEqual({ names: ['c1', 'c2', 'c3'], values: [1.5, 2, -3] })
    expect(parsePlotLine('  10 20\t30  ')).toEqual({ names: ['c1', 'c2', 'c3'], values: [10, 20, 30] })
    expect(parsePlotLine('ax:0.012,ay:-0.003,az:0.998')).toEqual({ names: ['ax', 'ay', 'az'], values: [0.012, -0.003, 0.998] })
    expect(parsePlotLine('temp:21.5 hum:40')).toEqual({ names: ['temp', 'hum'], values: [21.5, 40] })
    expect(parsePlotLine('t:1e3,v:.5,w:+2.')).toEqual({ names: ['t', 'v', 'w'], values: [1000, 0.5, 2] })
  })

  it('treats anything else as text', () => {
    for (const line of [
      '',
      '   ',
      '# gesture tilt',
      'hello world',
      '1,2,abc',
      'x:1,x:2',
      'a:NaN',
      '1,Infinity',
      'a b:1',
      ':5',
      '1;2',
      'x:',
      '0x10'
    ])
      expect(parsePlotLine(line), JSON.stringify(line)).toBeNull()
    expect(parsePlotLine(Array.from({ length: 33 }, (_, i) => i).join(','))).toBeNull()
    expect(parsePlotLine('1e999')).toBeNull()
  })

  it('splits a byte stream into lines across chunks, keeps UTF-8 whole, and caps endless lines', () => {
    const s = new LineSplitter()
    const bytes = new TextEncoder().encode('a,1\r\nµ:2\nlast')
    const lines: string[] = []
    for (const b of bytes) lines.push(...s.push(Uint8Array.of(b)))
    expect(lines).toEqual(['a,1', 'µ:2'])
    expect(s.push(new TextEncoder().encode('\n'))).toEqual(['last'])
    const flood = s.push(new Uint8Array(3 * MAX_LINE_CHARS + 5).fill(0x41))
    expect(flood.map((l) => l.length)).toEqual([MAX_LINE_CHARS, MAX_LINE_CHARS, MAX_LINE_CHARS])
    s.reset()
    const long = s.push(new TextEncoder().encode(`${'y'.repeat(MAX_LINE_CHARS + 10)}\nok\n`))
    expect(long.map((l) => l.length)).toEqual([MAX_LINE_CHARS, 10, 2])
    const garbage = s.push(Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff))
    expect(garbage.every((l) => l.length <= MAX_LINE_CHARS)).toBe(true)
  })
})

describe('datasets', () => {
  it('appends labelled rows under a header and reads them back with counts per label', () => {
    const store = new DatasetStore(mkdtempSync(join(tmpdir(), 'mlsys-ds-')))
    store.append('imu', ['ax', 'ay'], 'rest', [
      [0, 1],
      [0.1, 0.9]
    ])
    store.append('imu', ['ax', 'ay'], 'tilt', [[0.7, 0.7]])
    expect(readFileSync(store.pathOf('imu'), 'utf8')).toBe('label,ax,ay\nrest,0,1\nrest,0.1,0.9\ntilt,0.7,0.7\n')
    expect(store.list()).toMatchObject([{ name: 'imu', columns: ['ax', 'ay'], rows: 3, labels: { rest: 2, tilt: 1 } }])
    expect(() => store.append('imu', ['ax', 'ay', 'az'], 'rest', [[1, 2, 3]])).toThrow(
      'has the columns ax, ay, but the stream has ax, ay, az'
    )
    expect(() => store.append('imu', ['ax', 'ay'], 'bad label', [[1, 2]])).toThrow(DatasetError)
    expect(() => store.pathOf('../escape')).toThrow('is not a dataset name')
    expect(() => store.read('nope')).toThrow('there is no dataset "nope"')
  })

  it('refuses malformed files naming the line, and leaves them out of the list', () => {
    expect(() => parseDataset('x,y\n1,2\n')).toThrow('line 1: the header must be label')
    expect(() => parseDataset('label,a\nrest,1,2\n')).toThrow('line 2: 3 cells, the header has 2')
    expect(() => parseDataset('label,a\nrest,zz\n')).toThrow('line 2: every value must be a finite number')
    expect(() => parseDataset('label,a\nrest,\n')).toThrow('line 2: every value must be a finite number')
    expect(() => parseDataset('label,a\n"quoted",1\n')).toThrow('line 2: ""quoted"" is not a label')
    const dir = mkdtempSync(join(tmpdir(), 'mlsys-ds-'))
    const store = new DatasetStore(dir)
    store.append('good', ['a'], 'x', [[1]])
    writeFileSync(join(dir, 'datasets', 'bad.csv'), 'garbage\n\u0000\u0001')
    expect(store.list().map((d) => d.name)).toEqual(['good'])
  })

  it('makes examples of one sample or of windows that never straddle a label, and splits them per class', () => {
    const data = parseDataset('label,a\n' + ['r,1', 'r,2', 'r,3', 'r,4', 'r,5', 't,6', 't,7', 't,8', 'r,9', 'r,10'].join('\n') + '\n')
    expect(toExamples(data)).toMatchObject({ classes: ['r', 't'], labels: [0, 0, 0, 0, 0, 1, 1, 1, 0, 0] })
    // Windows of 2: r [1,2] [3,4] (5 dropped), t [6,7] (8 dropped), r [9,10].
    expect(toExamples(data, 2)).toEqual({
      features: [
        [1, 2],
        [3, 4],
        [6, 7],
        [9, 10]
      ],
      labels: [0, 0, 1, 0],
      classes: ['r', 't']
    })
    const { train, test } = splitExamples(toExamples(data), 2)
    // Every 2nd example of each class: r (1, 2, 3, 4, 5, 9, 10) → 2, 4, 9; t (6, 7, 8) → 7.
    expect(test.features).toEqual([[2], [4], [7], [9]])
    expect(train.features.length + test.features.length).toBe(10)
    expect(() => toExamples(data, 0)).toThrow('window')
  })
})
