import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { CharTokenizer, BPETokenizer, mergePair } from 'tinytorch/10_tokenization'

/** A reproducible text over a small alphabet, with repeated chunks so that BPE has something to merge. */
function text(seed: number, n: number): string {
  const r = new Random(seed)
  const words = ['the ', 'cat ', 'sat ', 'on ', 'mat ', 'at ', 'a ', 'hat ']
  let s = ''
  while (s.length < n) s += words[r.randint(0, words.length)]
  return s
}

test('CharTokenizer with a given vocabulary, and characters beyond the basic plane', {
  task: 'char',
  points: 2,
  hint: 'A given list keeps its order after <UNK> (duplicates dropped). Iterate with for…of (code points): "🙂" is one character, though "🙂".length is 2.'
}, () => {
  const given = new CharTokenizer(['b', 'a', 'b'])
  expect.equal(given.vocab, ['<UNK>', 'b', 'a'], 'vocab from ["b", "a", "b"]')
  expect.equal(given.encode('abc'), [2, 1, 0], 'encode("abc")')
  const tok = new CharTokenizer().buildVocab(['héllo 🙂'])
  const ids = tok.encode('🙂 hé')
  expect.equal(ids.length, 4, 'ids of "🙂 hé" (four characters)')
  expect.equal(tok.decode(ids), '🙂 hé', 'round trip')
  expect.equal(tok.vocabSize, 7, 'vocabSize of "héllo 🙂": <UNK> and 6 distinct characters')
})

test('CharTokenizer on random text: sorted unique vocabulary, exact round trip, strict decode', {
  task: 'char',
  points: 2,
  hint: 'vocab.slice(1) must be strictly increasing by code point; decode rejects 1.5, −1 and vocabSize.'
}, () => {
  const t = text(1, 300) + 'XYZ?'
  const tok = new CharTokenizer().buildVocab([t, 'zebra'])
  const rest = tok.vocab.slice(1)
  for (let i = 1; i < rest.length; i++)
    expect.true(rest[i - 1]!.codePointAt(0)! < rest[i]!.codePointAt(0)!, `vocab not sorted at ${i}: ${rest.join('')}`)
  expect.equal(tok.vocabSize, new Set(t + 'zebra').size + 1, 'vocabSize')
  expect.equal(tok.decode(tok.encode(t)), t, 'round trip of 300 characters')
  for (const bad of [1.5, -1, tok.vocabSize]) expect.throws(() => tok.decode([1, bad]), /token id/, `decode with id ${bad}`)
})

test('BPE: ties go to the pair with the smaller left id, then the smaller right id', {
  task: 'bpe_train',
  points: 3,
  hint: 'In "abcabc", (a, b) and (b, c) both occur twice: a (id 1) < b (id 2), so "ab" is merged first; then (ab, c) occurs twice → "abc".'
}, () => {
  const bpe = new BPETokenizer({ vocabSize: 20 }).train(['abcabc'])
  expect.equal(bpe.vocab, ['<UNK>', 'a', 'b', 'c', 'ab', 'abc'], 'vocab')
  expect.equal(
    bpe.merges,
    [
      ['a', 'b'],
      ['ab', 'c']
    ],
    'merges'
  )
  expect.equal(new BPETokenizer({ vocabSize: 5 }).train(['abcabc']).vocab, ['<UNK>', 'a', 'b', 'c', 'ab'], 'stopping at vocabSize 5')
  // (c, a) and (b, c) tie at 2 in "bcbca ca": c (id 3) > b (id 2), so (b, c) wins.
  expect.equal(new BPETokenizer({ vocabSize: 6 }).train(['bcbca', 'ca']).merges[0], ['b', 'c'], 'first merge of "bcbca", "ca"')
})

test('BPE on a larger corpus: every merged token is the concatenation of its pair, no duplicates, the size is respected', {
  task: 'bpe_train',
  points: 2,
  hint: 'Count pairs afresh after every merge (the sequences change), and stop exactly at vocabSize.'
}, () => {
  const corpus = [text(2, 400), text(3, 400)]
  const bpe = new BPETokenizer({ vocabSize: 40 }).train(corpus)
  expect.equal(bpe.vocabSize, 40, 'vocabSize')
  expect.equal(new Set(bpe.vocab).size, 40, 'distinct tokens')
  const base = new CharTokenizer().buildVocab(corpus).vocabSize
  expect.equal(bpe.merges.length, 40 - base, 'one merge per token beyond the characters')
  bpe.merges.forEach(([a, b], i) => {
    expect.equal(bpe.vocab[base + i], a + b, `token ${base + i}`)
  })
  expect.true(
    bpe.vocab.includes('the ') || bpe.vocab.includes('at '),
    `a frequent chunk such as "at " should become a token: ${bpe.vocab.slice(base).join('|')}`
  )
})

test('BPE encode replays the merges in order on new text; decode is exact; text gets shorter', {
  task: 'bpe_encode',
  points: 3,
  hint: 'Unknown characters become 0 before merging. Apply merges in learned order — "abc" needs "ab" first.'
}, () => {
  const bpe = new BPETokenizer({ vocabSize: 20 }).train(['abcabc'])
  expect.equal(bpe.encode('xabcab'), [0, 5, 4], 'encode("xabcab")')
  expect.equal(bpe.decode([0, 5, 4]), '<UNK>abcab', 'decode')
  const corpus = text(4, 600)
  const big = new BPETokenizer({ vocabSize: 50 }).train([corpus])
  const probe = text(5, 200)
  const ids = big.encode(probe)
  expect.equal(big.decode(ids), probe, 'round trip of unseen text over the same alphabet')
  expect.true(
    ids.length < 0.7 * probe.length,
    `50 tokens should compress this text well below 70% of its characters, got ${ids.length} ids for ${probe.length} characters`
  )
  expect.throws(() => big.decode([50]), /token id/, 'decode of an id past the vocabulary')
})

test('mergePair: overlapping runs, no match, and the input is left alone', {
  task: 'bpe_train',
  points: 1,
  hint: 'Return a new array; "aaaa" with (a, a) is [aa, aa], "aaa" is [aa, a].'
}, () => {
  const input = [1, 1, 1, 1]
  expect.equal(mergePair(input, 1, 1, 7), [7, 7], 'aaaa')
  expect.equal(input, [1, 1, 1, 1], 'input unchanged')
  expect.equal(mergePair([], 1, 1, 7), [], 'empty')
  expect.equal(mergePair([1, 2, 2, 1], 2, 1, 7), [1, 2, 7], 'match at the end')
})
