// Written by `npm run bench:tensor`; do not edit. Figures of the machine the benchmark last ran on, for
// the systems panels to compare with (see docs/performance.md).
export const referenceMachine = {
  date: 'not measured yet',
  cpu: '',
  ndMatmulGflops512: 0,
  ndJsMatmulGflops512: 0,
  ortMatmulGflops512: 0,
  ortAllThreadsMatmulGflops512: 0,
  peakGflopsPerCore: 0,
  conv2dSecondsNd: 0,
  conv2dSecondsOrt: 0
} as const
