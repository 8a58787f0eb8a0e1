import { checkModule } from '../reference/checkModule'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { BPETokenizer, CharTokenizer } from './tokenization'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => new CharTokenizer().buildVocab(['a']),
    () => new BPETokenizer({ vocabSize: 4 }).train(['a']),
    () => new BPETokenizer({ vocabSize: 4 }).encode('a')
  ],
  systems
})
