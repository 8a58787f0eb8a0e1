import type { ComponentType } from 'react'
import type { DashProps } from './common'
import { RooflineDash } from './Roofline'
import { BatchDash } from './Batch'
import { MemoryDash } from './Memory'
import { ServingDash } from './Serving'
import { ParallelismDash } from './Parallelism'
import { CollectivesDash } from './Collectives'
import { TailDash } from './Tail'
import { ReliabilityDash } from './Reliability'
import { CarbonDash } from './Carbon'
import { TinyMLDash } from './TinyML'

const COMPONENTS: Record<string, ComponentType<DashProps>> = {
  roofline: RooflineDash,
  batch: BatchDash,
  memory: MemoryDash,
  serving: ServingDash,
  parallelism: ParallelismDash,
  collectives: CollectivesDash,
  tail: TailDash,
  reliability: ReliabilityDash,
  carbon: CarbonDash,
  tinyml: TinyMLDash
}

/** The dashboard for an id; loaded on demand (uPlot, KaTeX and the ten dashboards live in this chunk). */
export default function DashboardView({ id, catalog }: DashProps & { id: string }) {
  const Component = COMPONENTS[id]
  return Component ? <Component catalog={catalog} /> : null
}
