// The bank's expression language: what it computes, and what it refuses.
import { describe, expect, it } from 'vitest'
import { evaluate, ExprError, namesIn, parseExpr } from './expr'
import { FUNCTIONS } from './template'

const run = (src: string, scope: Record<string, unknown> = {}) => evaluate(parseExpr(src), scope as never, FUNCTIONS)

describe('expressions', () => {
  it('follows arithmetic precedence, right-associative powers and -2^2 = -4', () => {
    expect(run('1 + 2 * 3 ^ 2')).toBe(19) // 3^2 = 9, × 2 = 18, + 1
    expect(run('2 ^ 3 ^ 2')).toBe(512) // 2^(3^2)
    expect(run('-2 ^ 2')).toBe(-4)
    expect(run('(1 + 2) * 3 % 4')).toBe(1) // 9 % 4
    expect(run('a > 2 && b == "x" ? 1 : 0', { a: 3, b: 'x' })).toBe(1)
  })
  it('calls the simulator engine and the catalog', () => {
    // 2 × 32 × 8 × 128 × 4096 × 1 × 2 = 536,870,912 bytes
    expect(run('kvCacheBytes({layers: 32, kvHeads: 8, headDim: 128, seqLen: 4096, batch: 1, bytesPerValue: 2})')).toBe(536870912)
    expect(run("peak(accelerator('h100-sxm'), 'bf16')")).toBe(989.4e12)
    expect(run('nodeMtbf({components: [{count: 2, mtbfSeconds: 10}]})')).toBe(5)
    expect(run('m.layers', { m: { layers: 80 } })).toBe(80)
  })
  it('lists the names an expression reads', () => {
    expect([...namesIn(parseExpr('f({a, b: c.d}) + [e][0]'))].sort()).toEqual(['a', 'c', 'e'])
  })
  it('refuses unknown names and functions, inherited fields and malformed input with a message', () => {
    expect(() => run('x + 1')).toThrow('unknown name "x"')
    expect(() => run('require("fs")')).toThrow('unknown function "require"')
    expect(() => run('o.constructor', { o: {} })).toThrow('has no field "constructor"')
    expect(() => run('o["__proto__"]', { o: {} })).toThrow('has no field "__proto__"')
    expect(() => run("'a' * 2")).toThrow('needs a number')
    for (const bad of ['1 +', '(1', '{a: }', 'f(,)', '1 2', '@', '"unterminated']) expect(() => parseExpr(bad)).toThrow(ExprError)
  })
})
