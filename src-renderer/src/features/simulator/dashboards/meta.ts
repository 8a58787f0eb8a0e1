/** Titles and blurbs of the ten dashboards: light, so the index renders without loading charts or KaTeX. */
export interface DashboardInfo {
  id: string
  title: string
  blurb: string
}

export const DASHBOARDS: DashboardInfo[] = [
  { id: 'roofline', title: 'Roofline', blurb: 'Compute- or memory-bound? Devices, precisions and a workload point on log-log axes.' },
  { id: 'batch', title: 'Batch size', blurb: 'Inference latency vs batch: where the bottleneck flips from memory to compute.' },
  {
    id: 'memory',
    title: 'Training memory',
    blurb: 'Weights, gradients, optimizer state and activations against device capacity; ZeRO, recompute, TP/PP/DP.'
  },
  { id: 'serving', title: 'LLM serving', blurb: 'KV cache growth with context and batch, TTFT, inter-token latency, sequences that fit.' },
  { id: 'parallelism', title: '3D parallelism', blurb: 'Step-time breakdown and the pipeline bubble as a Gantt of stages × microbatches.' },
  { id: 'collectives', title: 'Collectives', blurb: 'Ring vs tree vs hierarchical all-reduce over message size (α–β model).' },
  { id: 'tail', title: 'Tail latency', blurb: 'M/M/c queue: p50/p99 wait as load rises, against an SLA; beyond ρ = 1 it is unstable.' },
  { id: 'reliability', title: 'Reliability', blurb: 'Young–Daly checkpoint U-curve and goodput as the cluster grows.' },
  { id: 'carbon', title: 'Carbon & cost', blurb: 'The same job across grid regions: energy, carbon, water and total cost of ownership.' },
  { id: 'tinyml', title: 'TinyML', blurb: 'Does it fit? Model weights vs flash, peak activations vs SRAM, latency on a microcontroller.' }
]
