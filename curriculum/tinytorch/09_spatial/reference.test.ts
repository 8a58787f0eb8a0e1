import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { AvgPool2d, BatchNorm2d, Conv2d, conv2dLoops, Flatten, im2col, MaxPool2d } from './spatial'

const x = new Tensor(new Float32Array(16), { shape: [1, 1, 4, 4] })

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => conv2dLoops(x, x, null),
    () => im2col(x.toND(), 2, 2, 1, 0),
    () => new Conv2d(1, 1, 2),
    () => new MaxPool2d(2).forward(x),
    () => new AvgPool2d(2).forward(x),
    () => new BatchNorm2d(1).forward(x),
    () => new Flatten().forward(x)
  ],
  systems
})
