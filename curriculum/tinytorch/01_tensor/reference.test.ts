import { checkModule } from '../reference/checkModule'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { Tensor } from './tensor'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [() => new Tensor([1, 2, 3])],
  systems
})
