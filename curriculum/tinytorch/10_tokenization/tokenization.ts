// Module 10: Tokenization — from text to the integer ids a model reads, and back.
//
// A tokenizer fixes a vocabulary (a list of token strings; a token's id is its position in the list) and
// two maps: encode(text) → ids and decode(ids) → text. Id 0 is always `<UNK>`, the stand-in for anything
// the vocabulary does not know. Characters are taken as Unicode code points: iterate with `for (const ch
// of text)` (or Array.from(text)), not text[i], so characters outside the basic plane stay whole.

/** The token every unknown character maps to; always id 0. */
export const UNK = '<UNK>'

function checkIds(ids: readonly number[], size: number): void {
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= size) throw new Error(`token id ${id} at position ${i} is not an integer in [0, ${size})`)
  })
}

/** One token per character: id 0 is <UNK>, then the characters. */
export class CharTokenizer {
  /** Token strings by id. */
  vocab: string[] = [UNK]
  protected index = new Map<string, number>()

  /** With a list of characters, the vocabulary is <UNK> followed by them in that order (duplicates dropped). */
  constructor(vocab?: readonly string[]) {
    // TODO(char): when vocab is given, use <UNK> followed by its characters (in order, without duplicates).
    if (vocab) throw todo('char', 'CharTokenizer(vocab)')
  }

  /** The number of tokens, <UNK> included. */
  get vocabSize(): number {
    return this.vocab.length
  }

  /** Vocabulary from a corpus: <UNK>, then every distinct character sorted by code point. Returns this. */
  buildVocab(corpus: readonly string[]): this {
    // TODO(char): collect the distinct characters of every text, sort them by code point, put <UNK> first.
    throw todo('char', 'CharTokenizer.buildVocab', corpus)
  }

  /** One id per character; characters not in the vocabulary become 0. */
  encode(text: string): number[] {
    // TODO(char)
    throw todo('char', 'CharTokenizer.encode', text)
  }

  /** The characters of the ids (id 0 gives "<UNK>"); throws on ids outside the vocabulary. */
  decode(ids: readonly number[]): string {
    // TODO(char): throw for ids that are not integers in [0, vocabSize) (say which id and where), then join the tokens.
    throw todo('char', 'CharTokenizer.decode', ids, checkIds)
  }
}

export interface BPEOptions {
  /** How many tokens the vocabulary may have, <UNK> and the single characters included. */
  vocabSize: number
}

/**
 * Byte-pair encoding over characters: start from single characters, then repeatedly merge the most
 * frequent adjacent pair of tokens into a new token, until the vocabulary has vocabSize tokens or no pair
 * occurs twice. Ties go to the pair whose left token, then right token, comes first in the vocabulary.
 * Encoding replays the merges in the order they were learned.
 */
export class BPETokenizer {
  readonly maxVocabSize: number
  /** Token strings by id: <UNK>, the corpus's characters sorted by code point, then one per merge. */
  vocab: string[] = [UNK]
  /** Learned merges in order: [left token, right token]. */
  merges: [string, string][] = []
  protected index = new Map<string, number>()

  constructor({ vocabSize }: BPEOptions) {
    if (!Number.isInteger(vocabSize) || vocabSize < 2)
      throw new Error(`BPETokenizer: vocabSize must be an integer of at least 2, got ${vocabSize}`)
    this.maxVocabSize = vocabSize
  }

  /** The number of tokens learned so far, <UNK> included. */
  get vocabSize(): number {
    return this.vocab.length
  }

  /** Learns the vocabulary and the merges from the corpus (each string is one sequence). Returns this. */
  train(corpus: readonly string[]): this {
    // TODO(bpe_train): vocab = <UNK> + sorted characters (throw if that is already more than maxVocabSize).
    // Then, while the vocabulary is too small: count adjacent id pairs in every sequence, pick the most frequent
    // (at least 2 occurrences; ties → smaller left id, then smaller right id), add the concatenated token, record
    // the merge and replace the pair everywhere (mergePair).
    throw todo('bpe_train', 'BPETokenizer.train', corpus, mergePair)
  }

  /** Characters → ids (unknown → 0), then each learned merge applied in order. */
  encode(text: string): number[] {
    // TODO(bpe_encode): start from one id per character, then replay this.merges in order with mergePair.
    throw todo('bpe_encode', 'BPETokenizer.encode', text)
  }

  /** The concatenated token strings; throws on ids outside the vocabulary. */
  decode(ids: readonly number[]): string {
    // TODO(bpe_encode)
    throw todo('bpe_encode', 'BPETokenizer.decode', ids)
  }
}

/** Replaces every non-overlapping occurrence of the pair (left, right), scanning left to right, by `id`. */
export function mergePair(ids: readonly number[], left: number, right: number, id: number): number[] {
  // TODO(bpe_train): scan left to right; at a match push id and skip both, otherwise copy the id. "aaa" with (a, a)
  // gives [aa, a].
  throw todo('bpe_train', 'mergePair', ids, left, right, id)
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
