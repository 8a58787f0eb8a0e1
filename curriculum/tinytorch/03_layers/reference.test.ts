import { checkModule } from '../reference/checkModule'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { Linear, Dropout } from './layers'

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [() => new Linear(2, 3), () => new Dropout(0.5)],
  systems
})
