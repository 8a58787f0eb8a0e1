import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { DataLoader, RandomCrop, TensorDataset } from './dataloader'

const x = new Tensor([[1], [2]])

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => new TensorDataset(x),
    () => new DataLoader({ length: 2, get: () => [x] }, { batchSize: 1 }).length,
    () => new RandomCrop(1).apply(x)
  ],
  systems
})
