/** Devices: ports and boards, the serial monitor and plotter, capture, models, deploy and on-device evaluation. */
import { z } from 'zod'
import { empty, isoTime } from './common'

const path = z.string().min(1).max(4096)
const baud = z.number().int().min(300).max(4_000_000)
const sessionId = z.string().min(1).max(100)
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and - (up to 64), starting with a letter or digit')
const label = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and - (up to 32)')
const boardId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a board profile id like nano33ble')
  .max(64)

export const boardProfileSchema = z.object({
  id: z.string(),
  kind: z.enum(['board', 'bridge', 'vendor']),
  name: z.string(),
  mcu: z.string().nullable(),
  clockHz: z.number().nullable(),
  ramBytes: z.number().nullable(),
  flashBytes: z.number().nullable(),
  sensors: z.array(z.string()),
  defaultBaud: z.number(),
  simulator: z.string().nullable(),
  usb: z.array(
    z.object({ vendorId: z.string(), productId: z.string().nullable(), mode: z.enum(['app', 'bootloader']), note: z.string().optional() })
  ),
  cyclesPerMac: z.number().nullable(),
  cyclesPerOutput: z.number().nullable(),
  notes: z.string(),
  source: z.string()
})
export type BoardProfileView = z.infer<typeof boardProfileSchema>

export const portSchema = z.object({
  path: z.string(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  manufacturer: z.string().nullable(),
  boardId: z.string().nullable(),
  kind: z.enum(['board', 'bridge', 'vendor']).nullable(),
  mode: z.enum(['app', 'bootloader']).nullable(),
  label: z.string(),
  virtual: z.boolean(),
  /** The monitor session open on this port, if any. */
  sessionId: z.string().nullable()
})
export type PortView = z.infer<typeof portSchema>

export const monitorStatusSchema = z.object({
  sessionId: z.string(),
  path: z.string(),
  baud: z.number(),
  state: z.enum(['open', 'reconnecting', 'closed']),
  message: z.string().nullable()
})
export type MonitorStatusView = z.infer<typeof monitorStatusSchema>

export const monitorBatchSchema = z.object({
  sessionId: z.string(),
  lines: z.array(z.object({ t: z.number(), text: z.string() })),
  /** Plotter samples, in groups of consecutive samples with the same column names. */
  samples: z.array(z.object({ names: z.array(z.string()), t: z.array(z.number()), rows: z.array(z.array(z.number())) })),
  skippedLines: z.number().int(),
  droppedSamples: z.number().int(),
  capture: z.object({ dataset: z.string(), label: z.string(), rows: z.number().int(), skipped: z.number().int() }).nullable()
})
export type MonitorBatchView = z.infer<typeof monitorBatchSchema>

const diagnosisSchema = z.object({
  code: z.enum(['permission', 'relogin', 'busy', 'brltty', 'modemmanager', 'missing', 'silent', 'bootloader', 'other']),
  message: z.string(),
  fix: z.string()
})

export const datasetSchema = z.object({
  name: z.string(),
  path: z.string(),
  columns: z.array(z.string()),
  rows: z.number().int(),
  labels: z.record(z.string(), z.number().int()),
  bytes: z.number().int(),
  modifiedAt: isoTime
})

const accuracySchema = z.object({ examples: z.number(), floatAccuracy: z.number(), int8Accuracy: z.number(), agreement: z.number() })

export const modelSummarySchema = z.object({
  name: z.string(),
  path: z.string(),
  createdAt: isoTime,
  dataset: z.string(),
  classes: z.array(z.string()),
  columns: z.array(z.string()),
  window: z.number().int(),
  hidden: z.number().int(),
  epochs: z.number().int(),
  inputSize: z.number().int(),
  outputSize: z.number().int(),
  bytes: z.number().int(),
  footprint: z.object({ flashBytes: z.number(), ramBytes: z.number(), macs: z.number() }),
  accuracy: accuracySchema,
  trainAccuracy: z.number(),
  usedReference: z.array(z.string()),
  testExamples: z.number().int()
})
export type ModelSummary = z.infer<typeof modelSummarySchema>

export const fitSchema = z.object({
  boardId: z.string(),
  boardName: z.string(),
  fits: z.boolean(),
  flash: z.object({ needBytes: z.number(), haveBytes: z.number(), fits: z.boolean() }),
  ram: z.object({ needBytes: z.number(), haveBytes: z.number(), fits: z.boolean() }),
  /** "fits: 18.4 KB of 1 MB flash, peak 512 B of 256 KB RAM" */
  message: z.string(),
  /** Estimated time of one inference on that board (MACs and its clock). */
  estimatedSeconds: z.number()
})
export type FitView = z.infer<typeof fitSchema>

export const deployResultSchema = z.object({
  deploymentId: z.string(),
  bytes: z.number().int(),
  seconds: z.number(),
  bytesPerSecond: z.number(),
  resumedFrom: z.number().int(),
  retries: z.number().int(),
  board: z.string()
})

export const evaluationSchema = z.object({
  examples: z.number().int(),
  deviceAccuracy: z.number(),
  hostFloatAccuracy: z.number(),
  hostInt8Accuracy: z.number(),
  bitExact: z.number().int(),
  meanMicros: z.number(),
  maxMicros: z.number(),
  meanRoundTripSeconds: z.number()
})
export type EvaluationView = z.infer<typeof evaluationSchema>

export const deploymentSchema = z.object({
  deploymentId: z.string(),
  board: z.string(),
  model: z.string(),
  status: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  at: isoTime
})

const protocolOptions = {
  timeoutMs: z.number().int().min(10).max(600_000).optional(),
  retries: z.number().int().min(0).max(100).optional()
}

export const devicesChannels = {
  /** Every board, bridge and vendor profile in resources/boards. */
  boards: { request: empty, response: z.array(boardProfileSchema) },
  /** Serial ports now, named from the catalog, plus running virtual boards. */
  ports: { request: empty, response: z.array(portSchema) },
  /** What is wrong with a port, if anything: opens it (unless a monitor has it) and listens two seconds. */
  diagnose: { request: z.object({ path, baud }).strict(), response: z.object({ problems: z.array(diagnosisSchema) }) },
  openMonitor: { request: z.object({ path, baud }).strict(), response: monitorStatusSchema },
  closeMonitor: { request: z.object({ sessionId }).strict(), response: z.object({ closed: z.boolean() }) },
  send: {
    request: z.object({ sessionId, text: z.string().max(4096), lineEnding: z.enum(['none', 'lf', 'cr', 'crlf']) }).strict(),
    response: z.object({ sent: z.boolean() })
  },
  setBaud: { request: z.object({ sessionId, baud }).strict(), response: monitorStatusSchema },
  clearMonitor: { request: z.object({ sessionId }).strict(), response: z.object({ cleared: z.boolean() }) },
  /** Saves the session's kept lines to a text file in the data folder's serial-logs/. */
  saveMonitor: {
    request: z.object({ sessionId, timestamps: z.boolean() }).strict(),
    response: z.object({ path: z.string(), lines: z.number().int() })
  },
  startCapture: { request: z.object({ sessionId, dataset: name, label }).strict(), response: z.object({ capturing: z.boolean() }) },
  stopCapture: {
    request: z.object({ sessionId }).strict(),
    response: z.object({ dataset: z.string(), label: z.string(), rows: z.number().int(), skipped: z.number().int() }).nullable()
  },
  datasets: { request: empty, response: z.array(datasetSchema) },
  startVirtual: { request: z.object({ profile: boardId }).strict(), response: z.object({ path: z.string(), boardId: z.string() }) },
  stopVirtual: { request: z.object({ path }).strict(), response: z.object({ stopped: z.boolean() }) },
  models: { request: empty, response: z.array(modelSummarySchema) },
  /**
   * Trains Sequential(Linear, ReLU, Linear) on a dataset with the learner's TinyTorch modules (the
   * reference for unpassed ones, with consent), quantises it to int8 and saves it as a TTM1 model.
   */
  buildModel: {
    request: z
      .object({
        dataset: name,
        name,
        window: z.number().int().min(1).max(64).default(1),
        hidden: z.number().int().min(2).max(256).default(16),
        epochs: z.number().int().min(1).max(200).default(30),
        boardId,
        referenceForUnpassed: z.boolean().default(false)
      })
      .strict(),
    response: z.object({ model: modelSummarySchema, fit: fitSchema })
  },
  fitCheck: { request: z.object({ model: name, boardId }).strict(), response: fitSchema },
  deploy: { request: z.object({ model: name, path, ...protocolOptions }).strict(), response: deployResultSchema },
  /** Runs the model's held-out test set on the board: on-device accuracy and latency against the host. */
  evaluate: {
    request: z.object({ model: name, path, deploymentId: z.string().max(100).optional(), ...protocolOptions }).strict(),
    response: evaluationSchema
  },
  history: { request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), response: z.array(deploymentSchema) }
}
