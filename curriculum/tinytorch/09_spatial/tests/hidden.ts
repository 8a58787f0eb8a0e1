import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random, type NDArray } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Linear } from 'tinytorch/03_layers'
import { enableAutograd } from 'tinytorch/05_autograd'
import { conv2dLoops, im2col, col2im, Conv2d, Conv2dBackward, MaxPool2d, AvgPool2d, BatchNorm2d, Flatten } from 'tinytorch/09_spatial'

const TOL = { atol: 2e-3, rtol: 1e-2 }

/** An independent convolution straight from the definition, reading through NDArray.get. */
function directConv(x: NDArray, w: NDArray, b: NDArray | null, stride: number, padding: number): Tensor {
  const [n, c, h, wd] = x.shape as [number, number, number, number]
  const [co, , kh, kw] = w.shape as [number, number, number, number]
  const oh = Math.floor((h + 2 * padding - kh) / stride) + 1
  const ow = Math.floor((wd + 2 * padding - kw) / stride) + 1
  const out = nd.zeros([n, co, oh, ow])
  for (let a = 0; a < n; a++)
    for (let o = 0; o < co; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let s = b ? b.get(o) : 0
          for (let ch = 0; ch < c; ch++)
            for (let u = 0; u < kh; u++)
              for (let v = 0; v < kw; v++) {
                const r = i * stride - padding + u
                const q = j * stride - padding + v
                if (r >= 0 && r < h && q >= 0 && q < wd) s += x.get(a, ch, r, q) * w.get(o, ch, u, v)
              }
          out.set(a, o, i, j, s)
        }
  return Tensor.fromND(out)
}

/** Backward of every tensor in `params` against finite differences of Σ G ⊙ f(). */
function checkGrads(what: string, params: [string, Tensor][], f: () => Tensor, seed: number, tol = TOL): void {
  enableAutograd()
  for (const [, p] of params) p.grad = null
  const out = f()
  const G = new Random(seed).normal(out.shape)
  out.backward(Tensor.fromND(G))
  for (const [name, p] of params) {
    expect.true(p.grad !== null, `${what}: ${name}.grad was not set`)
    const num = numericGradient(() => nd.sum(nd.mul(f().toND(), G)).item(), p.data)
    expect.tensorClose(p.grad, new Tensor(num, { shape: p.shape }), `${what}: ${name}.grad`, tol)
  }
}

test('conv2dLoops: several channels, a 2×3 kernel, stride 2 and padding 1 on random data', {
  task: 'conv_loops',
  points: 2,
  hint: 'Index the weight as [out, in, kernel row, kernel column] and sum over every input channel; kh and kw may differ.'
}, () => {
  const r = new Random(31)
  const x = r.normal([2, 3, 5, 6])
  const w = r.normal([4, 3, 2, 3])
  const b = r.normal([4])
  const got = conv2dLoops(Tensor.fromND(x), Tensor.fromND(w), Tensor.fromND(b), { stride: 2, padding: 1 })
  expect.tensorClose(got, directConv(x, w, b, 2, 1), 'conv2dLoops', { atol: 1e-4 })
  expect.tensorClose(conv2dLoops(Tensor.fromND(x), Tensor.fromND(w), null), directConv(x, w, null, 1, 0), 'no bias, stride 1', {
    atol: 1e-4
  })
  expect.throws(
    () => conv2dLoops(Tensor.fromND(x), Tensor.fromND(r.normal([4, 2, 2, 2])), null),
    /weight/,
    'a weight with 2 input channels for a 3-channel image'
  )
})

test('im2col matches the definition entry by entry, and col2im is its adjoint', {
  task: 'im2col',
  points: 3,
  hint: 'col2im(C) must satisfy ⟨im2col(x), C⟩ = ⟨x, col2im(C)⟩ for all x and C: every entry goes back to exactly the pixel it was read from, and overlaps add.'
}, () => {
  const r = new Random(32)
  const x = r.normal([2, 3, 5, 4])
  const [kh, kw, s, p] = [3, 2, 2, 1]
  const cols = im2col(x, kh, kw, s, p)
  const oh = Math.floor((5 + 2 * p - kh) / s) + 1
  const ow = Math.floor((4 + 2 * p - kw) / s) + 1
  expect.shape(cols, [2 * oh * ow, 3 * kh * kw], 'im2col')
  for (const [n, i, j, c, u, v] of [
    [0, 0, 0, 0, 0, 0],
    [1, 2, 1, 2, 2, 1],
    [0, 1, 2, 1, 1, 0],
    [1, 0, 2, 0, 2, 1]
  ] as const) {
    const row = (n * oh + i) * ow + j
    const col = (c * kh + u) * kw + v
    const xi = i * s - p + u
    const xj = j * s - p + v
    const want = xi >= 0 && xi < 5 && xj >= 0 && xj < 4 ? x.get(n, c, xi, xj) : 0
    expect.close(cols.get(row, col), want, `im2col entry for image ${n}, window (${i}, ${j}), channel ${c}, kernel (${u}, ${v})`)
  }
  const C = r.normal(cols.shape as number[])
  const back = col2im(C, x.shape, kh, kw, s, p)
  expect.shape(back, [2, 3, 5, 4], 'col2im')
  expect.close(nd.sum(nd.mul(back, x)).item(), nd.sum(nd.mul(cols, C)).item(), '⟨x, col2im(C)⟩ vs ⟨im2col(x), C⟩', {
    atol: 1e-3,
    rtol: 1e-4
  })
})

test('Conv2d: seeded, kernel pairs, no bias, shape errors', {
  task: 'conv_forward',
  points: 2,
  hint: 'The same seed must give the same weights; kernelSize may be [kh, kw]; with bias: false there is one parameter; check the input has inChannels channels.'
}, () => {
  const a = new Conv2d(3, 2, [2, 3], { seed: 9, bias: false, padding: 1 })
  const b = new Conv2d(3, 2, [2, 3], { seed: 9, bias: false, padding: 1 })
  expect.shape(a.weight, [2, 3, 2, 3], 'weight of a [2, 3] kernel')
  expect.equal(Array.from(a.weight.data), Array.from(b.weight.data), 'same seed, same weights')
  expect.equal(a.parameters().length, 1, 'parameters without bias')
  const x = new Random(33).normal([1, 3, 4, 5])
  expect.tensorClose(a.forward(Tensor.fromND(x)), directConv(x, a.weight.toND(), null, 1, 1), 'Conv2d with padding 1', { atol: 1e-4 })
  expect.throws(() => a.forward(Tensor.fromND(nd.zeros([1, 2, 4, 5]))), /channels/, 'a 2-channel input for 3 input channels')
  expect.throws(() => a.forward(Tensor.fromND(nd.zeros([3, 4, 5]))), /\[N, C, H, W\]/, 'a 3-D input')
})

test('Conv2d backward with stride 2 and padding 1 matches finite differences', {
  task: 'conv_backward',
  points: 3,
  hint: 'col2im must use the same stride and padding as the forward pass; the bias gradient sums over the batch and all output positions.'
}, () => {
  const conv = new Conv2d(2, 3, 3, { stride: 2, padding: 1, seed: 12 })
  conv.bias = new Tensor([0.1, 0.2, -0.1], { requiresGrad: true })
  const x = Tensor.fromND(new Random(34).normal([2, 2, 5, 4]), { requiresGrad: true })
  checkGrads(
    'conv',
    [
      ['x', x],
      ['weight', conv.weight],
      ['bias', conv.bias]
    ],
    () => conv.forward(x),
    35
  )
})

test('Conv2dBackward returns null for an input that does not require grad', {
  task: 'conv_backward',
  points: 1,
  hint: 'The image fed to the first layer never needs a gradient: check x.requiresGrad and skip the col2im (a matmul as large as the forward one).'
}, () => {
  const conv = new Conv2d(1, 2, 2, { seed: 1 })
  const x = Tensor.fromND(new Random(3).normal([1, 1, 3, 3]))
  const cols = im2col(x.toND(), 2, 2, 1, 0)
  const grads = new Conv2dBackward(x, conv.weight, conv.bias, cols, 1, 0).apply(nd.ones([1, 2, 2, 2]))
  expect.true(grads[0] === null, 'the gradient of an input without requiresGrad should be null')
  expect.shape(grads[1], [2, 1, 2, 2], 'weight gradient')
  expect.tensorClose(Tensor.fromND(grads[2]!), [4, 4], 'bias gradient: four output positions per channel')
})

test('pooling gradients match finite differences (max with padding, overlapping average windows)', {
  task: 'pooling',
  points: 3,
  hint: 'Max pooling never picks a padding position (negative inputs stay negative); with stride < kernel the average windows overlap and their gradients add up.'
}, () => {
  // Distinct values 0.1 apart so the finite-difference step never changes which value is the maximum.
  const perm = new Random(36).permutation(2 * 2 * 5 * 5)
  const values = Float32Array.from(perm, (k) => -3 + 0.1 * k)
  const x = new Tensor(values, { shape: [2, 2, 5, 5], requiresGrad: true })
  const maxPool = new MaxPool2d(3, { stride: 2, padding: 1 })
  const y = maxPool.forward(x)
  expect.shape(y, [2, 2, 3, 3], 'MaxPool2d(3, stride 2, padding 1) of 5×5')
  const allNegative = new Tensor(
    Float32Array.from({ length: 9 }, (_, i) => -1 - i),
    { shape: [1, 1, 3, 3] }
  )
  expect.tensorClose(
    new MaxPool2d(2, { padding: 1 }).forward(allNegative),
    [
      [
        [
          [-1, -2],
          [-4, -5]
        ]
      ]
    ],
    'padding is never the maximum'
  )
  checkGrads('MaxPool2d', [['x', x]], () => maxPool.forward(x), 37)
  const avg = new AvgPool2d(2, { stride: 1 })
  const x2 = Tensor.fromND(new Random(38).normal([1, 2, 4, 3]), { requiresGrad: true })
  expect.shape(avg.forward(x2), [1, 2, 3, 2], 'AvgPool2d(2, stride 1) of 4×3')
  checkGrads('AvgPool2d', [['x', x2]], () => avg.forward(x2), 39)
  const x3 = Tensor.fromND(new Random(40).normal([1, 1, 4, 4]), { requiresGrad: true })
  checkGrads('AvgPool2d with padding', [['x', x3]], () => new AvgPool2d(3, { stride: 2, padding: 1 }).forward(x3), 41)
})

test('BatchNorm2d: training gradients match finite differences; eval uses the running statistics', {
  task: 'batchnorm',
  points: 3,
  hint: 'In training the mean and variance depend on x, which adds the −mean(g) − x̂·mean(g·x̂) terms; in eval they are constants. The running variance uses the unbiased estimate m/(m − 1)·σ².'
}, () => {
  const bn = new BatchNorm2d(2)
  bn.weight = new Tensor([1.5, 0.5], { requiresGrad: true })
  bn.bias = new Tensor([0.2, -0.3], { requiresGrad: true })
  const x = Tensor.fromND(new Random(42).normal([3, 2, 2, 2], 1, 2), { requiresGrad: true })
  checkGrads(
    'BatchNorm2d (train)',
    [
      ['x', x],
      ['weight', bn.weight],
      ['bias', bn.bias]
    ],
    () => {
      const saved = [Float32Array.from(bn.runningMean.data), Float32Array.from(bn.runningVar.data)]
      const y = bn.forward(x)
      bn.runningMean.data.set(saved[0]!)
      bn.runningVar.data.set(saved[1]!)
      return y
    },
    43,
    { atol: 5e-3, rtol: 2e-2 }
  )
  // One training step from the initial statistics, then evaluation.
  const fresh = new BatchNorm2d(2, { momentum: 0.5 })
  fresh.forward(x)
  const X = x.toND()
  const m = 3 * 2 * 2
  const mu = nd.mean(X, [0, 2, 3])
  const unbiased = nd.mul(nd.var(X, [0, 2, 3]), m / (m - 1))
  const rm = nd.mul(mu, 0.5)
  const rv = nd.add(0.5, nd.mul(unbiased, 0.5))
  expect.tensorClose(fresh.runningVar, Tensor.fromND(rv), 'running variance after one step (momentum 0.5)', { atol: 1e-4 })
  fresh.eval()
  const probe = Tensor.fromND(new Random(44).normal([2, 2, 1, 3]))
  const want = nd.div(nd.sub(probe.toND(), rm.reshape(1, 2, 1, 1)), nd.sqrt(nd.add(rv.reshape(1, 2, 1, 1), 1e-5)))
  expect.tensorClose(fresh.forward(probe), Tensor.fromND(want), 'eval output with the running statistics', { atol: 1e-4 })
  const xe = Tensor.fromND(new Random(45).normal([2, 2, 2, 2]), { requiresGrad: true })
  checkGrads('BatchNorm2d (eval)', [['x', xe]], () => fresh.forward(xe), 46)
})

test('a Conv2d → Flatten → Linear model trains end to end: the conv weight gets the right gradient', {
  task: 'flatten',
  points: 3,
  hint: 'If conv.weight.grad is null, something between the loss and the convolution was not recorded — usually a flatten that builds a new Tensor instead of calling reshape.'
}, () => {
  const conv = new Conv2d(1, 2, 2, { seed: 50 })
  const head = new Linear(2 * 2 * 2, 3, true, 51)
  const x = Tensor.fromND(new Random(52).normal([2, 1, 3, 3]))
  const flat = new Flatten()
  checkGrads(
    'conv → flatten → linear',
    [
      ['conv.weight', conv.weight],
      ['linear.weight', head.weight]
    ],
    () => head.forward(flat.forward(conv.forward(x))),
    53
  )
  expect.shape(new Flatten(2).forward(Tensor.fromND(nd.zeros([2, 3, 4, 5]))), [2, 3, 20], 'Flatten(2) of [2, 3, 4, 5]')
})
