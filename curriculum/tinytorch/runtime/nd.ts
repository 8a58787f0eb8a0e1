// The `nd` namespace: everything a TinyTorch learner needs from the array
// substrate, in one place. `import { nd } from '...runtime'` then `nd.zeros([2, 3])`.

export * from './ndarray'
export * from './random'
export { broadcastShapes, formatShape, shapeSize } from './shape'
export type { ShapeLike } from './shape'
export { installKernels, kernelBackend, kernelWasmBytes, matmulNaive, selectJavaScriptKernels } from './kernels'
export * as estimate from './estimate'
