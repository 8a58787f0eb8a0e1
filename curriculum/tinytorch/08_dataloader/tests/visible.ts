import { test, expect } from 'tinytorch/harness'
import { Tensor } from 'tinytorch/01_tensor'
import { TensorDataset, DataLoader, RandomHorizontalFlip, RandomCrop } from 'tinytorch/08_dataloader'

/** x[i] = [10i, 10i + 1], y[i] = i, for i < n. */
function rows(n: number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(2 * n)
  const y = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    x[2 * i] = 10 * i
    x[2 * i + 1] = 10 * i + 1
    y[i] = i
  }
  return { x: new Tensor(x, { shape: [n, 2] }), y: new Tensor(y, { shape: [n] }) }
}

test('TensorDataset: length and example i', {
  task: 'dataset',
  points: 2,
  hint: 'length is the first dimension; get(i) returns row i of every tensor, so x[i] has shape [2] and the scalar label y[i] has shape [].'
}, () => {
  const { x, y } = rows(5)
  const ds = new TensorDataset(x, y)
  expect.equal(ds.length, 5, 'length')
  const [xi, yi] = ds.get(2)
  expect.tensorClose(xi, [20, 21], 'x of example 2')
  expect.shape(yi, [], 'y of example 2')
  expect.equal(yi!.data[0], 2, 'y of example 2')
})

test('TensorDataset: an index out of range throws', {
  task: 'dataset',
  points: 1,
  hint: 'Check 0 ≤ index < length (and that it is an integer) before reading; say which index and how many examples there are.'
}, () => {
  const { x, y } = rows(5)
  const ds = new TensorDataset(x, y)
  expect.equal(ds.get(4)[1]!.data[0], 4, 'the last example')
  expect.throws(() => ds.get(5), /out of range/, 'get(5) of 5 examples')
  expect.throws(() => ds.get(-1), /out of range/, 'get(-1)')
})

test('TensorDataset: tensors with different first dimensions throw', {
  task: 'dataset',
  points: 1,
  hint: 'Compare every tensor’s shape[0] with the first tensor’s and throw naming the shapes.'
}, () => {
  expect.throws(() => new TensorDataset(rows(5).x, rows(4).y), /first dimension/, 'x of 5 rows with y of 4')
})

test('DataLoader in order: ⌈N / batchSize⌉ batches, the last one smaller', {
  task: 'dataloader',
  points: 2,
  hint: 'length = Math.ceil(N / batchSize); each batch stacks the examples along a new first axis: [B, 2] inputs and [B] targets.'
}, () => {
  const { x, y } = rows(5)
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 2 })
  expect.equal(loader.length, 3, 'number of batches for 5 examples in batches of 2')
  const batches = [...loader]
  expect.equal(batches.length, 3, 'batches yielded')
  expect.tensorClose(
    batches[0]![0],
    [
      [0, 1],
      [10, 11]
    ],
    'inputs of batch 0'
  )
  expect.tensorClose(batches[2]![0], [[40, 41]], 'inputs of the last batch')
  expect.tensorClose(batches[1]![1], [2, 3], 'targets of batch 1')
})

test('DataLoader with shuffle and a seed visits every example exactly once per epoch', {
  task: 'dataloader',
  points: 2,
  hint: 'Draw a permutation of 0..N−1 (new Random(seed).permutation(N)) and cut it into batches; x and y of one example must stay together.'
}, () => {
  const { x, y } = rows(10)
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4, shuffle: true, seed: 3 })
  const seen: number[] = []
  for (const [xb, yb] of loader) {
    for (let i = 0; i < yb!.size; i++) {
      seen.push(yb!.data[i]!)
      expect.equal(xb!.data[2 * i], 10 * yb!.data[i]!, 'input row matches its target')
    }
  }
  expect.equal(
    [...seen].sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    'targets seen in one epoch'
  )
  expect.true(seen.join(',') !== '0,1,2,3,4,5,6,7,8,9', 'shuffled order should differ from 0..9')
})

test('RandomHorizontalFlip(1) mirrors every row; p = 0 changes nothing', {
  task: 'augment',
  points: 2,
  hint: 'Column j of the output is column w − 1 − j of the input, in every row and channel; flip only when the random draw is below p.'
}, () => {
  const img = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.tensorClose(
    new RandomHorizontalFlip(1, 0).apply(img),
    [
      [3, 2, 1],
      [6, 5, 4]
    ],
    'flip of a [2, 3] image'
  )
  expect.tensorClose(new RandomHorizontalFlip(0, 0).apply(img), img, 'p = 0')
})

test('RandomCrop keeps the size and shows a shifted window of the padded image', {
  task: 'augment',
  points: 2,
  hint: 'Output pixel (i, j) is input pixel (top + i − padding, left + j − padding), or 0 outside the image.'
}, () => {
  const img = new Tensor([
    [1, 2],
    [3, 4]
  ])
  const crop = new RandomCrop(2, 1, 7)
  for (let k = 0; k < 20; k++) {
    const out = crop.apply(img)
    expect.shape(out, [2, 2], 'cropped image')
    const total = Array.from(out.data).reduce((a, b) => a + b, 0)
    // Every window of the zero-padded 4×4 image contains some of 1, 2, 3, 4 and zeros, never other values.
    expect.true(
      Array.from(out.data).every((v) => [0, 1, 2, 3, 4].includes(v)),
      `crop ${k} holds values outside the image: ${Array.from(out.data)}`
    )
    expect.true(total > 0, `crop ${k} must overlap the image`)
  }
})
