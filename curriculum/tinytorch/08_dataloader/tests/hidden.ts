import { test, expect } from 'tinytorch/harness'
import { Tensor } from 'tinytorch/01_tensor'
import { Dataset, TensorDataset, DataLoader, RandomHorizontalFlip, RandomCrop, Compose, collate } from 'tinytorch/08_dataloader'

function arange(n: number, shape: number[]): Tensor {
  return new Tensor(
    Float32Array.from({ length: n }, (_, i) => i),
    { shape }
  )
}

/** Examples computed on demand: example i is [[i, i²], i % 3]. */
class Squares extends Dataset {
  constructor(readonly n: number) {
    super()
  }
  get length(): number {
    return this.n
  }
  get(index: number): Tensor[] {
    if (index < 0 || index >= this.n) throw new Error(`index ${index} out of range`)
    return [new Tensor([index, index * index]), new Tensor(index % 3)]
  }
}

test('TensorDataset of images: rows of 3-D tensors, non-integer indices throw', {
  task: 'dataset',
  points: 2,
  hint: 'A row of an [N, 2, 3] tensor is its [2, 3] slab: values i·6 … i·6 + 5. Reject indices that are not integers too.'
}, () => {
  const ds = new TensorDataset(arange(24, [4, 2, 3]), arange(4, [4]))
  expect.equal(ds.length, 4, 'length')
  const [img, label] = ds.get(3)
  expect.tensorClose(
    img,
    [
      [18, 19, 20],
      [21, 22, 23]
    ],
    'image 3'
  )
  expect.equal(label!.data[0], 3, 'label 3')
  expect.throws(() => ds.get(1.5), /out of range/, 'get(1.5)')
  expect.throws(() => new TensorDataset(arange(6, [3, 2]), arange(6, [6])), /first dimension/, 'x of 3 rows with y of 6')
  expect.throws(() => new TensorDataset(), /at least one/, 'no tensors')
})

test('DataLoader works with any Dataset subclass and collates scalars into [B]', {
  task: 'dataloader',
  points: 2,
  hint: 'Only use dataset.length and dataset.get(i); stack component c of every example: scalar labels become a [B] tensor.'
}, () => {
  const loader = new DataLoader(new Squares(7), { batchSize: 3 })
  expect.equal(loader.length, 3, 'batches of 3 from 7 examples')
  const batches = [...loader]
  expect.tensorClose(
    batches[1]![0],
    [
      [3, 9],
      [4, 16],
      [5, 25]
    ],
    'inputs of batch 1'
  )
  expect.tensorClose(batches[1]![1], [0, 1, 2], 'labels of batch 1')
  expect.tensorClose(batches[2]![0], [[6, 36]], 'the last batch holds one example')
  expect.shape(collate([[new Tensor(1), new Tensor([1, 2])]])[0], [1], 'collate of one scalar')
})

test('shuffling is reproducible with a seed, new each epoch, and never loses an example', {
  task: 'dataloader',
  points: 2,
  hint: 'Create the generator once (in the constructor) and draw a fresh permutation at the start of every epoch.'
}, () => {
  const ds = new TensorDataset(arange(12, [12]))
  const epoch = (l: DataLoader): number[] => [...l].flatMap((b) => Array.from(b[0]!.data))
  const a = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 11 })
  const b = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 11 })
  const a1 = epoch(a)
  const a2 = epoch(a)
  expect.equal(a1, epoch(b), 'same seed, same first epoch')
  expect.true(a1.join() !== a2.join(), 'the second epoch should have a new order')
  for (const e of [a1, a2])
    expect.equal(
      [...e].sort((x, y) => x - y),
      Array.from({ length: 12 }, (_, i) => i),
      'every example once'
    )
  expect.equal(
    epoch(new DataLoader(ds, { batchSize: 5 })),
    Array.from({ length: 12 }, (_, i) => i),
    'without shuffle: in order'
  )
})

test('DataLoader: batch sizes that are not positive integers throw; one batch bigger than the dataset is fine', {
  task: 'dataloader',
  points: 1,
  hint: 'Validate batchSize in the constructor (Number.isInteger and > 0).'
}, () => {
  const ds = new TensorDataset(arange(3, [3]))
  const all = new DataLoader(ds, { batchSize: 10 })
  expect.equal(all.length, 1, 'one batch of at most 10 from 3')
  expect.tensorClose([...all][0]![0], [0, 1, 2], 'the only batch')
  for (const bad of [0, -2, 1.5]) expect.throws(() => new DataLoader(ds, { batchSize: bad }), /batchSize/, `batchSize ${bad}`)
})

test('RandomCrop with padding reaches every offset, and each crop is exactly its window', {
  task: 'augment',
  points: 3,
  hint: 'top and left are uniform integers in [0, h + 2p − size] and [0, w + 2p − size] (inclusive); read (top + i − p, left + j − p), zero outside.'
}, () => {
  const img = arange(9, [3, 3]).add(1) // values 1..9, no zero inside the image
  const crop = new RandomCrop(3, 1, 5)
  const offsets = new Set<string>()
  for (let k = 0; k < 300; k++) {
    const out = crop.apply(img)
    expect.shape(out, [3, 3], 'crop')
    // Find the offset from the position of value 1 (image pixel (0, 0)), or infer it from the zeros.
    let found = false
    for (let top = 0; top <= 2 && !found; top++)
      for (let left = 0; left <= 2 && !found; left++) {
        let ok = true
        for (let i = 0; i < 3 && ok; i++)
          for (let j = 0; j < 3 && ok; j++) {
            const si = top + i - 1
            const sj = left + j - 1
            const want = si >= 0 && si < 3 && sj >= 0 && sj < 3 ? img.data[si * 3 + sj]! : 0
            if (out.data[i * 3 + j] !== want) ok = false
          }
        if (ok) {
          found = true
          offsets.add(`${top},${left}`)
        }
      }
    expect.true(found, `crop ${k} is not a 3×3 window of the zero-padded image: ${Array.from(out.data)}`)
  }
  expect.equal(offsets.size, 9, 'distinct (top, left) offsets seen in 300 crops')
  expect.shape(
    new RandomCrop([2, 3], 0, 1).apply(arange(24, [2, 3, 4])),
    [2, 2, 3],
    'a [2, 3] crop of a [2, 3, 4] image keeps the channels'
  )
  expect.throws(() => new RandomCrop(5, 0, 1).apply(img), /fit/, 'a 5×5 window in a 3×3 image')
})

test('RandomHorizontalFlip(0.5) flips about half the time, every channel', {
  task: 'augment',
  points: 2,
  hint: 'Draw one number per call and flip when it is below p; flip each channel of a [C, H, W] image separately.'
}, () => {
  const img = arange(12, [2, 2, 3])
  const mirrored = new Tensor([2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9], { shape: [2, 2, 3] }) // each row reversed
  const flip = new RandomHorizontalFlip(0.5, 9)
  let flips = 0
  for (let k = 0; k < 400; k++) {
    const out = flip.apply(img)
    const same = Array.from(out.data).every((v, i) => v === img.data[i])
    const isMirror = Array.from(out.data).every((v, i) => v === mirrored.data[i])
    expect.true(same || isMirror, `flip ${k} is neither the image nor its mirror: ${Array.from(out.data)}`)
    if (isMirror) flips++
  }
  expect.true(flips > 150 && flips < 250, `expected about 200 flips in 400 draws with p = 0.5, got ${flips}`)
  expect.throws(() => flip.apply(arange(16, [2, 2, 2, 2])), /\[C, H, W\]/, 'a 4-D tensor')
})

test('Compose applies the transforms left to right', {
  task: 'augment',
  points: 1,
  hint: 'Feed the output of each transform into the next, starting from x.'
}, () => {
  const img = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  const double = { apply: (x: Tensor) => x.mul(2) }
  const out = new Compose([new RandomHorizontalFlip(1, 0), double]).apply(img)
  expect.tensorClose(
    out,
    [
      [6, 4, 2],
      [12, 10, 8]
    ],
    'flip then double'
  )
  expect.tensorClose(new Compose([]).apply(img), img, 'no transforms')
})
