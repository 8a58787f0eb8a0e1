import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { SGD, Adam, AdamW } from './optimizers'

const p = (): Tensor => {
  const t = new Tensor([1], { requiresGrad: true })
  t.grad = new Tensor([1])
  return t
}

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => new SGD([p()], { lr: 0.1 }).step(),
    () => new SGD([p()], { lr: 0.1 }).zeroGrad(),
    () => new Adam([p()]).step(),
    () => new AdamW([p()]).step()
  ],
  systems
})
