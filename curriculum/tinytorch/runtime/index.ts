// Entry point of the TinyTorch array runtime.
//
//   import { nd } from './runtime';            // namespace style: nd.add(a, b)
//   import { NDArray, zeros, matmul } from './runtime';  // named style

export * as nd from './nd'
export * from './nd'
