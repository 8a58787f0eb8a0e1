// All reference solutions, one namespace per module.
export * as tensor from './01_tensor'
export * as activations from './02_activations'
export * as layers from './03_layers'
export * as losses from './04_losses'
export * as autograd from './05_autograd'
export * as optimizers from './06_optimizers'
export * as training from './07_training'
