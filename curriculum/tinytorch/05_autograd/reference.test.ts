import { checkModule } from '../reference/checkModule'
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { AddBackward, CrossEntropyBackward, runBackward, enableAutograd } from './autograd'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => new AddBackward(new Tensor([1]), new Tensor([2])).apply(nd.ones([1])),
    () => new CrossEntropyBackward(new Tensor([[1, 2]]), new Tensor([0])).apply(nd.array(1)),
    () => runBackward(new Tensor(1, { requiresGrad: true })),
    () => enableAutograd()
  ],
  systems
})
