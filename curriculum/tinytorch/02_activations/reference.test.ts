import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { Sigmoid, Softmax } from './activations'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [() => new Sigmoid().forward(new Tensor([1])), () => new Softmax().forward(new Tensor([1, 2]))],
  systems
})
