import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { logSoftmax, MSELoss, CrossEntropyLoss, BinaryCrossEntropyLoss } from './losses'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => logSoftmax(new Tensor([[1, 2]])),
    () => new MSELoss().forward(new Tensor([1]), new Tensor([1])),
    () => new CrossEntropyLoss().forward(new Tensor([[1, 2]]), new Tensor([0])),
    () => new BinaryCrossEntropyLoss().forward(new Tensor([0.5]), new Tensor([1]))
  ],
  systems
})
