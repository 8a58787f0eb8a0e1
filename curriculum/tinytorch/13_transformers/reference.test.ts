import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { createCausalMask, GPT, LayerNorm, MLP, TransformerBlock } from './transformers'

const x = new Tensor([[[1, 2]]])

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => createCausalMask(2),
    () => new LayerNorm(2).forward(x),
    () => new MLP(2),
    () => new TransformerBlock(2, 1),
    () => new GPT({ vocabSize: 2, embedDim: 2, numLayers: 1, numHeads: 1, maxSeqLen: 2 })
  ],
  systems
})
