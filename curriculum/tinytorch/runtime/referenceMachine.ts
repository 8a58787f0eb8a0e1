// Written by `npm run bench:tensor`; do not edit. Figures of the machine the benchmark last ran on, for
// the systems panels to compare with (see docs/performance.md).
export const referenceMachine = {
  date: '2026-11-30',
  cpu: 'Intel(R) Xeon(R) Processor, 2 cores',
  ndMatmulGflops512: 32.97,
  ndJsMatmulGflops512: 3.43,
  ortMatmulGflops512: 119.29,
  ortAllThreadsMatmulGflops512: 114.42,
  peakGflopsPerCore: 147.2,
  conv2dSecondsNd: 0.00309,
  conv2dSecondsOrt: 0.000172
} as const
