import { checkModule } from '../reference/checkModule'
import { Tensor } from 'tinytorch/01_tensor'
import { Linear } from 'tinytorch/03_layers'
import { MSELoss } from 'tinytorch/04_losses'
import { SGD } from 'tinytorch/06_optimizers'
import meta from './module.json'
import hints from './hints.json'
import systems from './systems'
import { CosineSchedule, clipGradNorm, Trainer } from './training'

const trainer = (): Trainer => {
  const model = new Linear(1, 1, true, 0)
  return new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: new MSELoss() })
}

checkModule({
  meta,
  hints,
  loadVisible: () => import('./tests/visible'),
  loadHidden: () => import('./tests/hidden'),
  starterThrows: [
    () => new CosineSchedule({ maxLr: 1, totalEpochs: 2 }).getLr(0),
    () => clipGradNorm([], 1),
    () => trainer().trainEpoch([{ x: new Tensor([[1]]), y: new Tensor([[1]]) }]),
    () => trainer().evaluate([]),
    () => trainer().saveCheckpoint()
  ],
  systems
})
