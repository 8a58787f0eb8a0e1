// Systems view of module 10: vocabulary size against sequence length, measured on a small text.
import { medianSeconds } from 'tinytorch/harness'
import { estimate } from 'tinytorch/runtime'
import { BPETokenizer, CharTokenizer } from 'tinytorch/10_tokenization'

const CORPUS = [
  'A tokenizer decides what the model reads. Characters give a tiny vocabulary and long sequences; ',
  'whole words give short sequences and a huge vocabulary. Byte-pair encoding sits in between: it starts ',
  'from characters and keeps merging the most frequent neighbours, so common pieces of words become single ',
  'tokens while rare words are still spelled out. The model pays for the vocabulary in its embedding table ',
  'and its output layer, and for the sequence length in attention, whose cost grows with the square of it.'
]

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const text = CORPUS.join('')
  const chars = Array.from(text).length
  const embedDim = 64
  const rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[] = []
  const charTok = new CharTokenizer().buildVocab(CORPUS)
  rows.push({
    label: `characters: tokens for ${chars} characters (vocabulary ${charTok.vocabSize})`,
    measured: charTok.encode(text).length,
    estimate: chars,
    unit: 'count'
  })
  const lengths: [number, number][] = []
  for (const size of [80, 160, 320]) {
    const bpe = new BPETokenizer({ vocabSize: size })
    const seconds = medianSeconds(() => bpe.train(CORPUS), 1)
    const n = bpe.encode(text).length
    lengths.push([bpe.vocabSize, n])
    rows.push({ label: `BPE ${bpe.vocabSize}: tokens for the same text`, measured: n, estimate: null, unit: 'count' })
    rows.push({
      label: `BPE ${bpe.vocabSize}: embedding table bytes at dimension ${embedDim}`,
      measured: bpe.vocabSize * embedDim * 4,
      estimate: estimate.bytesOfShape([bpe.vocabSize, embedDim]),
      unit: 'bytes'
    })
    rows.push({ label: `BPE ${bpe.vocabSize}: training time`, measured: seconds, estimate: null, unit: 'seconds' })
  }
  const [v0, n0] = lengths[0]!
  const [v2, n2] = lengths[lengths.length - 1]!
  return {
    rows,
    note:
      `Going from ${v0} to ${v2} tokens shortened the text from ${n0} to ${n2} tokens (${((100 * (n0 - n2)) / n0).toFixed(0)}% fewer) and made the embedding table ${(v2 / v0).toFixed(1)}× larger. ` +
      'Attention costs grow with the square of the sequence length, so fewer tokens per sentence pay off quickly, while every extra vocabulary entry costs an embedding row and an output column. ' +
      'GPT-2 chose 50,257 tokens; character models like the milestone’s use a few dozen.'
  }
}
