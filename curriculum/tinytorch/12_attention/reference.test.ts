import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { maskBias, MultiHeadAttention, scaledDotProductAttention } from './attention'

const x = new Tensor([[1, 2]])

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [() => scaledDotProductAttention(x, x, x), () => maskBias(x, [1, 2]), () => new MultiHeadAttention(2, 1).forward(x)],
  systems
})
