// The words every drill question is filed under (issue 9; topics are shared with chapters, see
// curriculum/chapters/README.md).
import { DASHBOARDS as DASHBOARD_LIST, DRILL_AREAS, DRILL_LEVELS, type DrillArea, type DrillLevel } from '../../src-preload/contract'
export { TRACKS, type Track } from './grader'

export const LEVELS = DRILL_LEVELS
export type Level = DrillLevel

/** What a question asks the learner to do, from recalling a fact to designing a system. */
export const ZONES = [
  'recall',
  'fluency',
  'implement',
  'analyze',
  'diagnosis',
  'specification',
  'evaluation',
  'mastery',
  'optimization',
  'design',
  'realization'
] as const
export type Zone = (typeof ZONES)[number]

export const AREAS = DRILL_AREAS
export type Area = DrillArea

export const TOPICS = [
  'roofline',
  'arithmetic-intensity',
  'accelerator-specs',
  'memory-hierarchy',
  'kernels-compilers',
  'numerics-precision',
  'quantization',
  'pruning-distillation',
  'kv-cache',
  'attention-cost',
  'activation-memory',
  'training-memory',
  'optimizer-state',
  'training-compute',
  'scaling-laws',
  'data-pipeline',
  'data-quality',
  'storage-io',
  'batching',
  'serving-latency',
  'queueing-tail',
  'throughput-cost',
  'data-parallel',
  'model-parallel',
  'pipeline-parallel',
  'zero-sharding',
  'all-reduce',
  'collectives-topology',
  'network-fabric',
  'checkpointing',
  'failures-mtbf',
  'availability',
  'scheduling',
  'benchmarking',
  'mlops-monitoring',
  'drift',
  'deployment-spectrum',
  'edge-latency',
  'mobile-npu',
  'tinyml-memory',
  'power-energy',
  'carbon',
  'tco',
  'privacy',
  'security-attacks',
  'robustness',
  'fairness',
  'federated-learning'
] as const
export type Topic = (typeof TOPICS)[number]

/** Simulator dashboards a question can open (`#/simulator/<id>`): the contract's one list. */
export const DASHBOARDS = DASHBOARD_LIST.map((d) => d.id) as [string, ...string[]]
