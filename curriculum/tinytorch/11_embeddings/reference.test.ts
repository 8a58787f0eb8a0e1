import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { createSinusoidalEmbeddings, Embedding, EmbeddingBackward, PositionalEncoding } from './embeddings'
import { Embedding as ReferenceEmbedding } from 'tinytorch/11_embeddings'
import { nd } from 'tinytorch/runtime'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => new Embedding(2, 2),
    () => new EmbeddingBackward(new ReferenceEmbedding(2, 2).weight, new Tensor([0])).apply(nd.ones([1, 2])),
    () => new PositionalEncoding(2, 2),
    () => createSinusoidalEmbeddings(2, 2)
  ],
  systems
})
