import { test, expect } from 'tinytorch/harness'
import { CharTokenizer, BPETokenizer, mergePair } from 'tinytorch/10_tokenization'

test('CharTokenizer.buildVocab: <UNK>, then the distinct characters sorted', {
  task: 'char',
  points: 2,
  hint: 'Collect every character of every text into a set, sort by code point, and put "<UNK>" at id 0: "hello" and "world" give <UNK> d e h l o r w.'
}, () => {
  const tok = new CharTokenizer().buildVocab(['hello', 'world'])
  expect.equal(tok.vocab, ['<UNK>', 'd', 'e', 'h', 'l', 'o', 'r', 'w'], 'vocab')
  expect.equal(tok.vocabSize, 8, 'vocabSize')
})

test('CharTokenizer: encode maps unknown characters to 0; decode inverts encode', {
  task: 'char',
  points: 2,
  hint: 'encode looks every character up (0 when missing); decode joins vocab[id] for every id.'
}, () => {
  const tok = new CharTokenizer().buildVocab(['hello', 'world'])
  expect.equal(tok.encode('hold!'), [3, 5, 4, 1, 0], 'encode("hold!")')
  expect.equal(tok.decode([3, 2, 4, 4, 5]), 'hello', 'decode')
  expect.equal(tok.decode(tok.encode('world')), 'world', 'round trip')
})

test('CharTokenizer.decode throws for ids outside the vocabulary', {
  task: 'char',
  points: 1,
  hint: 'An id must be an integer in [0, vocabSize); say which id and where.'
}, () => {
  const tok = new CharTokenizer().buildVocab(['ab'])
  expect.equal(tok.decode([1, 2]), 'ab', 'valid ids')
  expect.throws(() => tok.decode([1, 3]), /3/, 'id 3 of a 3-token vocabulary')
})

test('mergePair replaces each occurrence of the pair, left to right, without overlaps', {
  task: 'bpe_train',
  points: 2,
  hint: 'Scan with an index; on a match push the new id and skip two positions. [1, 1, 1] with (1, 1) gives [9, 1], not [9, 9].'
}, () => {
  expect.equal(mergePair([1, 1, 1], 1, 1, 9), [9, 1], 'aaa')
  expect.equal(mergePair([1, 2, 1, 2, 3], 1, 2, 9), [9, 9, 3], 'abab c')
  expect.equal(mergePair([2, 1], 1, 2, 9), [2, 1], 'no occurrence')
})

test('BPETokenizer.train merges the most frequent pair first', {
  task: 'bpe_train',
  points: 2,
  hint: 'In "aaab" and "aab" the pair (a, a) occurs 3 times and (a, b) twice: merge "aa" first. After that no pair occurs twice, so training stops before vocabSize.'
}, () => {
  const bpe = new BPETokenizer({ vocabSize: 10 }).train(['aaab', 'aab'])
  expect.equal(bpe.vocab, ['<UNK>', 'a', 'b', 'aa'], 'vocab')
  expect.equal(bpe.merges, [['a', 'a']], 'merges')
  expect.equal(bpe.vocabSize, 4, 'vocabSize after training')
})

test('BPETokenizer: encode applies the merges, decode restores the text', {
  task: 'bpe_encode',
  points: 2,
  hint: 'Start from one id per character, then apply each merge in the order it was learned.'
}, () => {
  const bpe = new BPETokenizer({ vocabSize: 10 }).train(['aaab', 'aab'])
  expect.equal(bpe.encode('aaab'), [3, 1, 2], 'encode("aaab")')
  expect.equal(bpe.encode('aaaa'), [3, 3], 'encode("aaaa")')
  expect.equal(bpe.decode([3, 1, 2]), 'aaab', 'decode')
})

test('BPETokenizer: a vocabSize too small for the characters throws', {
  task: 'bpe_train',
  points: 1,
  hint: 'Before merging, the vocabulary already holds <UNK> and every character; if that exceeds vocabSize, throw.'
}, () => {
  expect.equal(new BPETokenizer({ vocabSize: 4 }).train(['ab']).vocab.length, 3, 'vocab of "ab"')
  expect.throws(() => new BPETokenizer({ vocabSize: 3 }).train(['abc']), /vocabSize/, 'vocabSize 3 for 3 characters plus <UNK>')
})
