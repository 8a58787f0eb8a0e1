// Pure analytical simulator engine. SI units throughout: seconds, bytes, FLOP, FLOP/s, bytes/s, watts, joules, dollars.
// Parameter and result shapes live in the contract (src-preload/contract/sim.ts): SimParams<'roofline'>, SimResult<'roofline'>.
export { SimInputError } from './validate'
export { roofline, amdahl } from './roofline'
export { ringAllReduce, treeAllReduce, allToAll, hierarchicalAllReduce, hierarchicalAllReduceTerms } from './collectives'
export type { HierarchicalAllReduceTerms } from './collectives'
export { activationMemory, kvCacheBytes, pagedKvCache } from './memory'
export { mmcQueue, erlangC } from './queue'
export { youngDalyInterval, clusterMtbf, nodeMtbf, failureProbability, stackedAvailability, checkpointGoodput } from './reliability'
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
  CatalogError
} from './catalog'
export type { RawCatalog } from './catalog'
export { inferenceLatency, trainingStep } from './inference'
export { trainingMemory } from './trainingMemory'
export { llmServing } from './serving'
export { parallelStep } from './parallel'
export { sustainability, tco, JOULES_PER_KWH, SECONDS_PER_YEAR } from './sustainability'
export { compression } from './compression'
export { peakActivation, mcuInference } from './tinyml'
export { models, runSim, SimLimitError, SWEEP_MAX_POINTS, sweep } from './registry'
export type { SimFunctionEntry } from './registry'
