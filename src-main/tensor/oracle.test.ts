// ONNX Runtime as an independent oracle for the course's reference operations: convolution, pooling,
// attention and layer normalisation on random inputs, each against a graph of standard ONNX operators.
import * as ort from 'onnxruntime-node'
import { nd, Random, type NDArray } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { AvgPool2d, Conv2d, conv2dLoops, MaxPool2d } from 'tinytorch/09_spatial'
import { MultiHeadAttention, scaledDotProductAttention } from 'tinytorch/12_attention'
import { createCausalMask, LayerNorm } from 'tinytorch/13_transformers'
import { describe, expect, it } from 'vitest'
import { encodeGraph, onnxAttribute as A, type OnnxGraph } from './index'

async function run(graph: OnnxGraph, feeds: Record<string, NDArray>): Promise<NDArray> {
  const bytes = encodeGraph({ ...graph, initializers: graph.initializers ?? [] })
  const session = await ort.InferenceSession.create(bytes)
  try {
    const input: Record<string, ort.Tensor> = {}
    for (const [name, a] of Object.entries(feeds)) input[name] = new ort.Tensor('float32', a.toFloat32Array(), [...a.shape])
    const out = (await session.run(input)).out!
    return nd.array(Float32Array.from(out.data as Float32Array), [...out.dims])
  } finally {
    await session.release()
  }
}

function maxDiff(a: NDArray, b: NDArray): number {
  expect(a.shape).toEqual(b.shape)
  return nd.max(nd.abs(nd.sub(a, b))).item()
}

describe('the reference operations agree with ONNX Runtime', () => {
  it('convolution: loops and im2col, with stride, padding and a rectangular kernel', async () => {
    const r = new Random(1)
    for (const [cin, cout, kh, kw, stride, padding] of [
      [3, 4, 3, 3, 1, 1],
      [2, 5, 2, 3, 2, 0],
      [1, 2, 5, 5, 1, 2]
    ] as const) {
      const conv = new Conv2d(cin, cout, [kh, kw], { stride, padding, seed: cin * 10 + cout })
      conv.bias!.data.set(r.normal([cout]).data)
      const x = r.normal([2, cin, 9, 8])
      const graph: OnnxGraph = {
        nodes: [
          {
            opType: 'Conv',
            input: ['x', 'w', 'b'],
            output: ['out'],
            attribute: [
              A.ints('kernel_shape', [kh, kw]),
              A.ints('strides', [stride, stride]),
              A.ints('pads', [padding, padding, padding, padding])
            ]
          }
        ],
        initializers: [
          { name: 'w', dims: [...conv.weight.shape], values: conv.weight.data },
          { name: 'b', dims: [cout], values: conv.bias!.data }
        ],
        inputs: [{ name: 'x', shape: [2, cin, 9, 8] }],
        outputs: [{ name: 'out' }]
      }
      const want = await run(graph, { x })
      expect(maxDiff(conv.forward(Tensor.fromND(x)).toND(), want)).toBeLessThan(1e-4)
      expect(maxDiff(conv2dLoops(Tensor.fromND(x), conv.weight, conv.bias, { stride, padding }).toND(), want)).toBeLessThan(1e-4)
    }
  })

  it('max and average pooling, overlapping and padded', async () => {
    const x = new Random(2).normal([2, 3, 7, 6])
    for (const [k, s, p] of [
      [2, 2, 0],
      [3, 2, 1],
      [3, 1, 1]
    ] as const) {
      const attrs = [A.ints('kernel_shape', [k, k]), A.ints('strides', [s, s]), A.ints('pads', [p, p, p, p])]
      const io = { inputs: [{ name: 'x', shape: [2, 3, 7, 6] }], outputs: [{ name: 'out' }] }
      const maxWant = await run({ nodes: [{ opType: 'MaxPool', input: ['x'], output: ['out'], attribute: attrs }], ...io }, { x })
      expect(maxDiff(new MaxPool2d(k, { stride: s, padding: p }).forward(Tensor.fromND(x)).toND(), maxWant)).toBeLessThan(1e-6)
      const avgWant = await run(
        { nodes: [{ opType: 'AveragePool', input: ['x'], output: ['out'], attribute: [...attrs, A.int('count_include_pad', 1)] }], ...io },
        { x }
      )
      expect(maxDiff(new AvgPool2d(k, { stride: s, padding: p }).forward(Tensor.fromND(x)).toND(), avgWant)).toBeLessThan(1e-5)
    }
  })

  it('layer normalisation over one and two trailing dimensions', async () => {
    const r = new Random(3)
    for (const shape of [[6], [3, 4]]) {
      const ln = new LayerNorm(shape, 1e-5)
      ln.weight.data.set(r.normal(shape).data)
      ln.bias.data.set(r.normal(shape).data)
      const x = r.normal([2, 5, ...shape], 1, 3)
      const want = await run(
        {
          nodes: [
            {
              opType: 'LayerNormalization',
              input: ['x', 'g', 'b'],
              output: ['out'],
              attribute: [A.int('axis', -shape.length), A.float('epsilon', 1e-5)]
            }
          ],
          initializers: [
            { name: 'g', dims: shape, values: ln.weight.data },
            { name: 'b', dims: shape, values: ln.bias.data }
          ],
          inputs: [{ name: 'x', shape: [2, 5, ...shape] }],
          outputs: [{ name: 'out', shape: [2, 5, ...shape] }]
        },
        { x }
      )
      expect(maxDiff(ln.forward(Tensor.fromND(x)).toND(), want)).toBeLessThan(1e-4)
    }
  })

  /** softmax(Q Kᵀ / √d + bias) V from ONNX operators; bias is 0 to attend and −1e9 to block. */
  const attentionGraph = (shape: number[], d: number): OnnxGraph => ({
    nodes: [
      {
        opType: 'Transpose',
        input: ['k'],
        output: ['kt'],
        attribute: [A.ints('perm', [...shape.slice(0, -2).map((_, i) => i), shape.length - 1, shape.length - 2])]
      },
      { opType: 'MatMul', input: ['q', 'kt'], output: ['s'] },
      { opType: 'Mul', input: ['s', 'scale'], output: ['ss'] },
      { opType: 'Add', input: ['ss', 'bias'], output: ['sm'] },
      { opType: 'Softmax', input: ['sm'], output: ['w'], attribute: [A.int('axis', -1)] },
      { opType: 'MatMul', input: ['w', 'v'], output: ['out'] }
    ],
    initializers: [{ name: 'scale', dims: [], values: [1 / Math.sqrt(d)] }],
    inputs: ['q', 'k', 'v', 'bias'].map((name) => ({ name, shape })),
    outputs: [{ name: 'out', shape }]
  })

  it('scaled dot-product attention, batched over heads, with a causal mask', async () => {
    const r = new Random(4)
    const shape = [2, 3, 5, 4] // [batch, heads, T, d]
    const [q, k, v] = [r.normal(shape), r.normal(shape), r.normal(shape)]
    const mask = createCausalMask(5)
    const bias = nd.broadcastTo(nd.mul(nd.sub(1, mask.toND()), -1e9), [2, 3, 5, 5]).copy()
    const want = await run(
      { ...attentionGraph(shape, 4), inputs: [...['q', 'k', 'v'].map((name) => ({ name, shape })), { name: 'bias', shape: [2, 3, 5, 5] }] },
      { q, k, v, bias }
    )
    const got = scaledDotProductAttention(Tensor.fromND(q), Tensor.fromND(k), Tensor.fromND(v), mask).output
    expect(maxDiff(got.toND(), want)).toBeLessThan(1e-5)
  })

  it('multi-head attention: the projections, the heads and the output projection', async () => {
    const [b, t, dim, heads] = [2, 6, 8, 2]
    const mha = new MultiHeadAttention(dim, heads, 40)
    const x = new Random(5).normal([b, t, dim])
    const proj = (name: string, l: { weight: Tensor; bias: Tensor | null }) => [
      { name: `${name}_w`, dims: [dim, dim], values: l.weight.data },
      { name: `${name}_b`, dims: [dim], values: l.bias!.data }
    ]
    const split = [b, t, heads, dim / heads]
    const nodes: OnnxGraph['nodes'] = []
    for (const p of ['q', 'k', 'v']) {
      nodes.push({ opType: 'MatMul', input: ['x', `${p}_w`], output: [`${p}_m`] })
      nodes.push({ opType: 'Add', input: [`${p}_m`, `${p}_b`], output: [`${p}_p`] })
      nodes.push({ opType: 'Reshape', input: [`${p}_p`, 'split'], output: [`${p}_r`] })
      nodes.push({ opType: 'Transpose', input: [`${p}_r`], output: [p], attribute: [A.ints('perm', [0, 2, 1, 3])] })
    }
    const inner = attentionGraph([b, heads, t, dim / heads], dim / heads).nodes.filter((n) => n.opType !== 'Add')
    nodes.push(
      ...inner.map((n) => (n.opType === 'Softmax' ? { ...n, input: ['ss'] } : n.output[0] === 'out' ? { ...n, output: ['heads'] } : n))
    )
    nodes.push({ opType: 'Transpose', input: ['heads'], output: ['merged_t'], attribute: [A.ints('perm', [0, 2, 1, 3])] })
    nodes.push({ opType: 'Reshape', input: ['merged_t', 'merge'], output: ['merged'] })
    nodes.push({ opType: 'MatMul', input: ['merged', 'o_w'], output: ['o_m'] })
    nodes.push({ opType: 'Add', input: ['o_m', 'o_b'], output: ['out'] })
    const withShapes = encodeGraph({
      nodes: [
        // Reshape targets are int64 tensors: Constant nodes with value_ints make them.
        { opType: 'Constant', input: [], output: ['split'], attribute: [A.ints('value_ints', split)] },
        { opType: 'Constant', input: [], output: ['merge'], attribute: [A.ints('value_ints', [b, t, dim])] },
        ...nodes
      ],
      initializers: [
        ...proj('q', mha.qProj),
        ...proj('k', mha.kProj),
        ...proj('v', mha.vProj),
        ...proj('o', mha.outProj),
        { name: 'scale', dims: [], values: [1 / Math.sqrt(dim / heads)] }
      ],
      inputs: [{ name: 'x', shape: [b, t, dim] }],
      outputs: [{ name: 'out', shape: [b, t, dim] }]
    })
    const s = await ort.InferenceSession.create(withShapes)
    const out = (await s.run({ x: new ort.Tensor('float32', x.toFloat32Array(), [b, t, dim]) })).out!
    await s.release()
    const want = nd.array(Float32Array.from(out.data as Float32Array), [b, t, dim])
    expect(maxDiff(mha.forward(Tensor.fromND(x)).toND(), want)).toBeLessThan(1e-5)
  })

  it('nd’s matmul (WebAssembly SIMD) is as accurate as ONNX Runtime’s against float64', async () => {
    expect(nd.kernelBackend()).toBe('wasm-simd')
    const n = 384
    const a = new Random(6).normal([n, n])
    const b = new Random(7).normal([n, n])
    const exact = new Float64Array(n * n)
    for (let i = 0; i < n; i++)
      for (let p = 0; p < n; p++) {
        const v = a.data[i * n + p]!
        for (let j = 0; j < n; j++) exact[i * n + j]! += v * b.data[p * n + j]!
      }
    const ours = nd.matmul(a, b)
    const theirs = await run(
      {
        nodes: [{ opType: 'MatMul', input: ['a', 'b'], output: ['out'] }],
        inputs: [
          { name: 'a', shape: [n, n] },
          { name: 'b', shape: [n, n] }
        ],
        outputs: [{ name: 'out' }]
      },
      { a, b }
    )
    const err = (x: Float32Array): number => x.reduce((m, v, i) => Math.max(m, Math.abs(v - exact[i]!)), 0)
    const ndErr = err(ours.data)
    const ortErr = err(theirs.toFloat32Array())
    // Both accumulate in float32 with fused multiply-adds; sums of 384 products of N(0, 1) values (|c| ≈ 20)
    // carry errors around 1e-5. nd must not be meaningfully worse than ONNX Runtime.
    expect(ndErr).toBeLessThan(2 * ortErr + 1e-6)
    expect(ndErr).toBeLessThan(1e-3)
  })
})
