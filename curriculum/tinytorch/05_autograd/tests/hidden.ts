import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random } from 'tinytorch/runtime'
import { Tensor, type GradFn } from 'tinytorch/01_tensor'
import { Sigmoid, Tanh, GELU, Softmax } from 'tinytorch/02_activations'
import { Linear } from 'tinytorch/03_layers'
import { LogSoftmax, MSELoss, BinaryCrossEntropyLoss, CrossEntropyLoss } from 'tinytorch/04_losses'
import {
  type BackwardFunction,
  SubBackward,
  DivBackward,
  MatmulBackward,
  ReshapeBackward,
  TransposeBackward,
  MaxBackward,
  SumBackward,
  TanhBackward,
  GELUBackward,
  SoftmaxBackward,
  SigmoidBackward,
  LogSoftmaxBackward,
  MSEBackward,
  BCEBackward,
  runBackward,
  enableAutograd,
  noGrad
} from 'tinytorch/05_autograd'

const TOL = { atol: 2e-3, rtol: 1e-2 }

/**
 * Checks one backward function against finite differences of f(inputs) = Σ G ⊙ forward(inputs)
 * for a random upstream gradient G.
 */
function checkBackward(
  what: string,
  inputs: Tensor[],
  forward: () => Tensor,
  make: (out: Tensor) => BackwardFunction,
  seed = 1,
  skip: number[] = []
): void {
  const out = forward()
  const G = new Random(seed).normal(out.shape)
  const grads = make(out).apply(G)
  inputs.forEach((x, i) => {
    if (skip.includes(i)) return
    const num = numericGradient(() => nd.sum(nd.mul(forward().toND(), G)).item(), x.data)
    const got = grads[i]
    expect.true(got !== null && got !== undefined, `${what}: gradient for input ${i} is missing`)
    expect.tensorClose(Tensor.fromND(got!), new Tensor(num, { shape: x.shape }), `${what}: gradient of input ${i}`, TOL)
  })
}

const rng = new Random(2024)
const R = (shape: number[], lo = -1, hi = 1): Tensor => Tensor.fromND(rng.uniform(shape, lo, hi), { requiresGrad: true })

test('Sub and Div backward with broadcasting match finite differences', {
  task: 'elementwise',
  points: 2,
  hint: 'Broadcast operands need nd.sumTo; for division, b gets −grad·a/b².'
}, () => {
  const a = R([3, 4])
  const b = R([4], 1, 2)
  checkBackward(
    'a − b',
    [a, b],
    () => a.sub(b),
    () => new SubBackward(a, b)
  )
  const c = R([3, 1], 1, 2)
  checkBackward(
    'a / c',
    [a, c],
    () => a.div(c),
    () => new DivBackward(a, c),
    2
  )
})

test('Matmul backward for matrix @ vector, reshape and transpose', {
  task: 'matmul',
  points: 2,
  hint: 'For [m, k] @ [k] the gradient of the vector is Aᵀ g and of the matrix the outer product g bᵀ; reshape undoes with grad.reshape, transpose with swapaxes.'
}, () => {
  const A = R([3, 4])
  const v = R([4])
  checkBackward(
    'A @ v',
    [A, v],
    () => A.matmul(v),
    () => new MatmulBackward(A, v)
  )
  const B = R([4, 2])
  checkBackward(
    'A @ B',
    [A, B],
    () => A.matmul(B),
    () => new MatmulBackward(A, B),
    3
  )
  const X = R([2, 3, 4])
  checkBackward(
    'reshape',
    [X],
    () => X.reshape(6, 4),
    () => new ReshapeBackward(X)
  )
  checkBackward(
    'transpose(0, 2)',
    [X],
    () => X.transpose(0, 2),
    () => new TransposeBackward(X, 0, 2),
    4
  )
})

test('Max backward routes the gradient to the maximum and splits ties', {
  task: 'reductions',
  points: 2,
  hint: 'Build a mask of positions equal to the (broadcast) maximum and divide by how many positions tie in each reduced slice.'
}, () => {
  const x = new Tensor([
    [1, 5, 5],
    [7, 2, 3]
  ])
  const out = new Tensor([5, 7])
  expect.tensorClose(
    Tensor.fromND(new MaxBackward(x, out, 1).apply(nd.array([2, 3]))[0]!),
    [
      [0, 1, 1],
      [3, 0, 0]
    ],
    'max(1) with a tie'
  )
  const all = new MaxBackward(x, new Tensor(7)).apply(nd.array(4))[0]!
  expect.tensorClose(
    Tensor.fromND(all),
    [
      [0, 0, 0],
      [4, 0, 0]
    ],
    'max()'
  )
  const X = R([3, 4])
  checkBackward(
    'sum(0, keepdims)',
    [X],
    () => X.sum(0, true),
    () => new SumBackward(X, 0, true)
  )
  checkBackward(
    'max(-1, keepdims)',
    [X],
    () => X.max(-1, true),
    (out) => new MaxBackward(X, out, -1, true),
    5
  )
})

test('Tanh, GELU, Sigmoid and Softmax backward match finite differences', {
  task: 'activations',
  points: 3,
  hint: 'Softmax couples each row: s ⊙ (g − Σ g⊙s). GELU needs the product rule on ½x(1 + tanh u).'
}, () => {
  const x = R([3, 5], -3, 3)
  checkBackward(
    'tanh',
    [x],
    () => new Tanh().forward(x),
    (out) => new TanhBackward(x, out)
  )
  checkBackward(
    'gelu',
    [x],
    () => new GELU().forward(x),
    () => new GELUBackward(x),
    2
  )
  checkBackward(
    'sigmoid',
    [x],
    () => new Sigmoid().forward(x),
    (out) => new SigmoidBackward(x, out),
    3
  )
  checkBackward(
    'softmax(-1)',
    [x],
    () => new Softmax().forward(x),
    (out) => new SoftmaxBackward(x, out, -1),
    4
  )
  checkBackward(
    'softmax(0)',
    [x],
    () => new Softmax(0).forward(x),
    (out) => new SoftmaxBackward(x, out, 0),
    5
  )
})

test('LogSoftmax, MSE and BCE backward match finite differences', {
  task: 'losses',
  points: 3,
  hint: 'Remember the 1/n of the mean and multiply by grad (a scalar array). LogSoftmax: g − softmax ⊙ Σg along dim.'
}, () => {
  const z = R([3, 4], -2, 2)
  checkBackward(
    'logSoftmax',
    [z],
    () => new LogSoftmax().forward(z),
    (out) => new LogSoftmaxBackward(z, out, -1)
  )
  const p = R([4, 1], -1, 1)
  const y = R([4])
  checkBackward(
    'MSE',
    [p, y],
    () => new MSELoss().forward(p, y),
    () => new MSEBackward(p, y),
    2
  )
  const q = R([5], 0.1, 0.9)
  const t = new Tensor([1, 0, 0, 1, 1])
  checkBackward(
    'BCE',
    [q, t],
    () => new BinaryCrossEntropyLoss().forward(q, t),
    () => new BCEBackward(q, t),
    3,
    [1]
  )
})

test('gradients accumulate over shared uses and repeated calls', {
  task: 'engine',
  points: 2,
  hint: 'Sum gradients arriving at the same tensor from several paths before passing them on; add into an existing .grad instead of overwriting it.'
}, () => {
  const x = new Tensor([1, 2], { requiresGrad: true })
  const mk = (name: string, inputs: Tensor[], apply: GradFn['apply'], value: number[]): Tensor => {
    const t = new Tensor(value, { requiresGrad: true })
    t.gradFn = { name, inputs, apply }
    return t
  }
  const a = mk('Times3', [x], (g) => [nd.mul(g, 3)], [3, 6])
  const b = mk('Times5', [x], (g) => [nd.mul(g, 5)], [5, 10])
  const c = mk('AddAB', [a, b], (g) => [g, g], [8, 16])
  runBackward(c, new Tensor([1, 10]))
  expect.tensorClose(x.grad!, [8, 80], 'x.grad after one call (diamond graph)')
  runBackward(c, new Tensor([1, 1]))
  expect.tensorClose(x.grad!, [16, 88], 'x.grad after a second call')
})

test('long chains and invalid calls', {
  task: 'engine',
  points: 1,
  hint: 'Iterate instead of recursing if deep graphs overflow the stack; without a gradient only one-element tensors can start backward().'
}, () => {
  const x = new Tensor([1], { requiresGrad: true })
  let t = x
  for (let i = 0; i < 3000; i++) {
    const next = new Tensor([1], { requiresGrad: true })
    next.gradFn = { name: 'Identity', inputs: [t], apply: (g) => [g] }
    t = next
  }
  runBackward(t)
  expect.tensorClose(x.grad!, [1], 'gradient through 3000 nodes')
  expect.throws(
    () =>
      runBackward(
        new Tensor(
          [
            [1, 2],
            [3, 4]
          ],
          { requiresGrad: true }
        )
      ),
    /./,
    'non-scalar without a gradient'
  )
})

test('a small network matches finite differences end to end', {
  task: 'enable',
  points: 3,
  hint: 'Every op used here (matmul, add with a broadcast bias, Tanh, CrossEntropyLoss) must record a backward function when an input requires grad.'
}, () => {
  enableAutograd()
  const r = new Random(5)
  const x = Tensor.fromND(r.normal([4, 3]))
  const W1 = Tensor.fromND(r.normal([3, 5], 0, 0.8), { requiresGrad: true })
  const b1 = Tensor.fromND(r.normal([5], 0, 0.1), { requiresGrad: true })
  const W2 = Tensor.fromND(r.normal([5, 2], 0, 0.8), { requiresGrad: true })
  const y = new Tensor([0, 1, 1, 0])
  const loss = (): Tensor => new CrossEntropyLoss().forward(new Tanh().forward(x.matmul(W1).add(b1)).matmul(W2), y)
  loss().backward()
  for (const [name, p] of [
    ['W1', W1],
    ['b1', b1],
    ['W2', W2]
  ] as const) {
    expect.true(p.grad !== null, `${name}.grad should be set`)
    expect.shape(p.grad!, p.shape, `${name}.grad`)
    const num = numericGradient(() => loss().item(), p.data)
    expect.tensorClose(p.grad!, new Tensor(num, { shape: p.shape }), `${name}.grad`, TOL)
  }
})

test('shape ops, numbers and reductions record gradients; noGrad does not', {
  task: 'enable',
  points: 2,
  hint: 'Patch reshape, transpose, sum, mean and max too; wrap a plain number operand in a Tensor; inside noGrad nothing is recorded.'
}, () => {
  enableAutograd()
  const x = Tensor.fromND(new Random(9).normal([2, 3]), { requiresGrad: true })
  const f = (): Tensor => x.reshape(3, 2).transpose().mul(2).add(1).div(4).max(1).sum().sub(x.mean())
  f().backward()
  const num = numericGradient(() => f().item(), x.data)
  expect.tensorClose(x.grad!, new Tensor(num, { shape: [2, 3] }), 'x.grad', TOL)
  const lin = new Linear(3, 2, true, 0)
  const out = noGrad(() => lin.forward(x))
  expect.true(!out.requiresGrad && out.gradFn === null, 'inside noGrad results should not record')
  const c = new Tensor([1, 2, 3])
  const d = c.mul(3)
  expect.true(!d.requiresGrad, 'operations on tensors without requiresGrad should not require grad')
})
