// Pure analytical simulator engine. SI units throughout: seconds, bytes, FLOP, FLOP/s, bytes/s, watts, joules, dollars.
export { SimInputError } from './validate'
export { roofline, amdahl } from './roofline'
export type { RooflineParams, RooflineResult, AmdahlParams } from './roofline'
export { ringAllReduce, treeAllReduce, allToAll, hierarchicalAllReduce, hierarchicalAllReduceTerms } from './collectives'
export type { CollectiveParams, HierarchicalAllReduceParams, HierarchicalAllReduceTerms } from './collectives'
export { activationMemory, kvCacheBytes, pagedKvCache, RECOMPUTE_MODES } from './memory'
export type { ActivationMemoryParams, KvCacheParams, PagedKvCacheParams, PagedKvCacheResult, Recompute } from './memory'
export { mmcQueue, erlangC } from './queue'
export type { MmcQueueParams, MmcQueueResult } from './queue'
export { youngDalyInterval, clusterMtbf, nodeMtbf, failureProbability, stackedAvailability } from './reliability'
export {
  pipelineBubble,
  trainingFlops,
  chinchillaOptimal,
  networkRoundTrip,
  egressCostMonthly,
  FIBRE_METRES_PER_SECOND,
  SECONDS_PER_30_DAY_MONTH,
  BYTES_PER_GB
} from './scaling'
export {
  loadCatalog,
  validateCatalog,
  getAccelerator,
  getModel,
  getFabric,
  getCluster,
  getGrid,
  peakFlopsAt,
  CatalogError,
  PRECISIONS,
  BYTES_PER_VALUE
} from './catalog'
export type { Catalog, Accelerator, CatalogModel, Fabric, Cluster, Grid, Precision, RawCatalog } from './catalog'
export { inferenceLatency, trainingStep, OPTIMIZERS, OPTIMIZER_BYTES_PER_PARAM } from './inference'
export type { InferenceLatencyParams, TrainingStepParams, StepResult, Optimizer } from './inference'
export { trainingMemory } from './trainingMemory'
export type { TrainingMemoryParams, TrainingMemoryResult } from './trainingMemory'
export { llmServing } from './serving'
export type { LlmServingParams, LlmServingResult } from './serving'
export { parallelStep } from './parallel'
export type { ParallelStepParams, ParallelStepResult } from './parallel'
export { sustainability, tco, JOULES_PER_KWH, SECONDS_PER_YEAR } from './sustainability'
export type { SustainabilityParams, SustainabilityResult, TcoParams, TcoResult } from './sustainability'
export { compression } from './compression'
export type { CompressionParams, CompressionResult } from './compression'
export { models, runSim, SimLimitError, SWEEP_MAX_POINTS, sweep } from './registry'
export type { SweepParams, SweepPoint, SweepResult, SimFunctionEntry, SimFunctionName } from './registry'
