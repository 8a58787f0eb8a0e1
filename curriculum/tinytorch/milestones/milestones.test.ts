import { describe, it, expect } from 'vitest'
import list from './milestones.json'
import perceptron from './01_perceptron'
import xor from './02_xor'
import mlp from './03_mlp'
import cnn from './04_cnn'
import reversal from './05_reversal'
import charGpt from './06_char_gpt'
import type { OnnxHandoff } from './lib/onnx'

type Run = (report: (p: { step: number; total: number; metrics: Record<string, number>; message?: string }) => void) => Promise<{
  achieved: boolean
  summary: string
  metrics: Record<string, number>
  onnx?: OnnxHandoff
}>

const runs: [string, Run, number][] = [
  ['01_perceptron', perceptron, 10],
  ['02_xor', xor, 10],
  ['03_mlp', mlp, 120],
  ['04_cnn', cnn, 120],
  ['05_reversal', reversal, 120],
  ['06_char_gpt', charGpt, 120]
]

describe('milestones with the reference modules', () => {
  it('milestones.json lists every milestone script, each with its modules', () => {
    expect(list.map((m) => m.id)).toEqual(runs.map(([id]) => id))
    for (const m of list) expect(m.requires.length).toBeGreaterThan(0)
  })

  for (const [id, run, limitSeconds] of runs) {
    it(`${id} is achieved within its time and reports progress`, { timeout: 1000 * limitSeconds * 2 }, async () => {
      const reports: { step: number; total: number; metrics: Record<string, number>; message?: string }[] = []
      const start = performance.now()
      const result = await run((p) => reports.push(p))
      const seconds = (performance.now() - start) / 1000
      console.log(id, result.summary, JSON.stringify(result.metrics), `${seconds.toFixed(2)} s, ${reports.length} reports`)
      expect(result.achieved, result.summary).toBe(true)
      expect(reports.length).toBeGreaterThan(10)
      // Signs read as a person writes them: "0.52·x₀ − 0.13·x₁ − 0.01 = 0", never "+ -0.01".
      expect(result.summary).not.toMatch(/[+−-] -|\+ −/)
      if (id === '01_perceptron') expect(result.summary).toMatch(/line −?\d+\.\d\d·x₀ [+−] \d+\.\d\d·x₁ [+−] \d+\.\d\d = 0:/)
      for (const r of reports) {
        expect(r.step).toBeLessThanOrEqual(r.total)
        for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true)
      }
      if (id === '06_char_gpt') {
        // Text generated while training: at least three samples, each continuing the prompt.
        const samples = reports.map((r) => r.message ?? '').filter((m) => m.includes('\n'))
        expect(samples.length).toBeGreaterThanOrEqual(3)
        expect(samples[samples.length - 1]).toMatch(/^step \d+, loss [\d.]+:\nQ: What/)
      }
      if (result.onnx) {
        const { model, inputs, outputs, inputShape } = result.onnx
        expect(model.layers.length).toBeGreaterThan(0)
        expect(outputs.length).toBe(inputs.count * 10)
        expect(inputShape[0]).toBeGreaterThan(0)
      }
    })
  }
})
