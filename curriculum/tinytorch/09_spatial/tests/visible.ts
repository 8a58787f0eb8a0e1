import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { enableAutograd } from 'tinytorch/05_autograd'
import { conv2dLoops, im2col, col2im, Conv2d, MaxPool2d, AvgPool2d, BatchNorm2d, Flatten } from 'tinytorch/09_spatial'

/** The 3×3 image 1..9 as [1, 1, 3, 3]. */
const nine = (): Tensor => new Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [1, 1, 3, 3] })
const k2 = (): Tensor => new Tensor([1, 2, 3, 4], { shape: [1, 1, 2, 2] })

test('conv2dLoops on a 3×3 image with a 2×2 kernel, by hand', {
  task: 'conv_loops',
  points: 2,
  hint: 'out[0, 0] = 1·1 + 2·2 + 4·3 + 5·4 = 37: the window starts at (oi·stride − padding, oj·stride − padding); positions outside the image count as 0.'
}, () => {
  const out = conv2dLoops(nine(), k2(), new Tensor([0.5]))
  expect.tensorClose(
    out,
    [
      [
        [
          [37.5, 47.5],
          [67.5, 77.5]
        ]
      ]
    ],
    'stride 1, no padding, bias 0.5'
  )
  // stride 2, padding 1: windows start at −1 and 1. out[0, 0] sees only x[0, 0]·w[1, 1] = 4.
  expect.tensorClose(
    conv2dLoops(nine(), k2(), null, { stride: 2, padding: 1 }),
    [
      [
        [
          [4, 18],
          [36, 77]
        ]
      ]
    ],
    'stride 2, padding 1'
  )
})

test('im2col unrolls windows into rows; col2im adds them back', {
  task: 'im2col',
  points: 2,
  hint: 'Row r = (n·OH + oi)·OW + oj holds window (oi, oj), read channel by channel, row by row. col2im must ADD: the centre pixel of a 3×3 image is in all four 2×2 windows.'
}, () => {
  const cols = im2col(nine().toND(), 2, 2, 1, 0)
  expect.tensorClose(
    Tensor.fromND(cols),
    [
      [1, 2, 4, 5],
      [2, 3, 5, 6],
      [4, 5, 7, 8],
      [5, 6, 8, 9]
    ],
    'im2col(1..9, 2×2)'
  )
  const counts = col2im(nd.ones([4, 4]), [1, 1, 3, 3], 2, 2, 1, 0)
  expect.tensorClose(
    Tensor.fromND(counts),
    [
      [
        [
          [1, 2, 1],
          [2, 4, 2],
          [1, 2, 1]
        ]
      ]
    ],
    'col2im(ones): how many windows cover each pixel'
  )
})

test('Conv2d: He-initialised weight [Cout, Cin, kh, kw], zero bias, and the same output as the loops', {
  task: 'conv_forward',
  points: 3,
  hint: 'weight ~ N(0, 2/fanIn) with fanIn = Cin·kh·kw, so for Conv2d(16, 32, 3) the standard deviation is √(2/144) ≈ 0.118. The forward pass is im2col, one matmul with the weight as [Cout, Cin·kh·kw], a reshape and a transpose to [N, Cout, OH, OW].'
}, () => {
  const big = new Conv2d(16, 32, 3, { seed: 1 })
  expect.shape(big.weight, [32, 16, 3, 3], 'weight')
  expect.shape(big.bias, [32], 'bias')
  expect.true(big.weight.requiresGrad && big.bias!.requiresGrad, 'weight and bias must require grad')
  const w = big.weight.data
  const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length)
  expect.close(std, Math.sqrt(2 / 144), 'weight standard deviation', { atol: 0.01, rtol: 0 })
  const conv = new Conv2d(2, 3, 3, { stride: 2, padding: 1, seed: 4 })
  conv.bias = new Tensor([0.1, -0.2, 0.3], { requiresGrad: true })
  const x = Tensor.fromND(new Random(2).normal([2, 2, 5, 5]))
  const y = conv.forward(x)
  expect.shape(y, [2, 3, 3, 3], 'output of Conv2d(2, 3, 3, stride 2, padding 1) on [2, 2, 5, 5]')
  expect.tensorClose(y, conv2dLoops(x, conv.weight, conv.bias, { stride: 2, padding: 1 }), 'Conv2d vs conv2dLoops', { atol: 1e-4 })
})

test('Conv2d backward: weight, bias and input gradients match finite differences', {
  task: 'conv_backward',
  points: 3,
  hint: 'With G = grad as [N·OH·OW, Cout]: dW = Gᵀ·cols, db = Σ_rows G, dx = col2im(G·W). Get the layouts right: grad is [N, Cout, OH, OW].'
}, () => {
  enableAutograd()
  const conv = new Conv2d(2, 2, 2, { seed: 3 })
  const x = Tensor.fromND(new Random(5).normal([1, 2, 3, 3]), { requiresGrad: true })
  const G = new Random(6).normal([1, 2, 2, 2])
  const loss = (): number => nd.sum(nd.mul(conv.forward(x).toND(), G)).item()
  conv.forward(x).backward(Tensor.fromND(G))
  for (const [name, t] of [
    ['weight', conv.weight],
    ['bias', conv.bias!],
    ['x', x]
  ] as const) {
    expect.true(t.grad !== null, `${name}.grad was not set`)
    expect.tensorClose(t.grad, new Tensor(numericGradient(loss, t.data), { shape: t.shape }), `${name}.grad`, { atol: 2e-3, rtol: 1e-2 })
  }
})

test('MaxPool2d and AvgPool2d on a 4×4 image; max routes the gradient to the maximum', {
  task: 'pooling',
  points: 3,
  hint: 'With kernel 2 the stride defaults to 2: four non-overlapping windows. Max pooling’s gradient is 1 at each window’s maximum and 0 elsewhere; average pooling spreads 1/4 to each position.'
}, () => {
  enableAutograd()
  const x = new Tensor([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 2, 1, 7], { shape: [1, 1, 4, 4], requiresGrad: true })
  const m = new MaxPool2d(2).forward(x)
  expect.tensorClose(
    m,
    [
      [
        [
          [5, 8],
          [9, 7]
        ]
      ]
    ],
    'max pool'
  )
  expect.tensorClose(
    new AvgPool2d(2).forward(x),
    [
      [
        [
          [3.25, 2.75],
          [2.75, 2.5]
        ]
      ]
    ],
    'average pool'
  )
  m.sum().backward()
  expect.tensorClose(
    x.grad,
    [
      [
        [
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 0],
          [1, 0, 0, 1]
        ]
      ]
    ],
    'gradient of sum(maxpool(x))'
  )
})

test('BatchNorm2d in training: each channel comes out with mean 0 and variance 1; running statistics move by momentum', {
  task: 'batchnorm',
  points: 2,
  hint: 'Statistics are per channel over N, H and W. runningMean = 0.9·runningMean + 0.1·batchMean at the default momentum; normalise with the biased variance.'
}, () => {
  const bn = new BatchNorm2d(2)
  const x = Tensor.fromND(new Random(7).normal([4, 2, 3, 3], 5, 2))
  const y = bn.forward(x)
  expect.shape(y, [4, 2, 3, 3], 'output')
  const Y = y.toND()
  const mean = nd.mean(Y, [0, 2, 3])
  const variance = nd.var(Y, [0, 2, 3])
  expect.tensorClose(Tensor.fromND(mean), [0, 0], 'per-channel mean of the output', { atol: 1e-4 })
  expect.tensorClose(Tensor.fromND(variance), [1, 1], 'per-channel variance of the output', { atol: 1e-3 })
  const batchMean = nd.mean(x.toND(), [0, 2, 3])
  expect.tensorClose(bn.runningMean, Tensor.fromND(nd.mul(batchMean, 0.1)), 'running mean after one step from 0')
})

test('Flatten: [N, C, H, W] → [N, C·H·W], and the gradient still reaches the input', {
  task: 'flatten',
  points: 2,
  hint: 'Use x.reshape(...): module 05 records it. A new Tensor built from x.data has no gradFn and cuts the graph.'
}, () => {
  enableAutograd()
  const x = Tensor.fromND(new Random(8).normal([2, 3, 2, 2]), { requiresGrad: true })
  const f = new Flatten().forward(x)
  expect.shape(f, [2, 12], 'flattened')
  f.mul(new Tensor([2]))
    .sum()
    .backward()
  expect.true(x.grad !== null, 'x.grad is null: the flatten cut the graph')
  expect.tensorClose(x.grad, Tensor.fromND(nd.full([2, 3, 2, 2], 2)), 'gradient of sum(2·flatten(x))')
})
