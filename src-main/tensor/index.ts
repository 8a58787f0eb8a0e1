/**
 * Native tensor execution in the main process: the MNIST digits the milestones train on, ONNX export of
 * the course's models and running them in ONNX Runtime.
 */
export {
  DatasetError,
  encodeMnist,
  loadMnist,
  mnistTestInputs,
  MNIST_PIXELS,
  MNIST_SIDE,
  type DigitSplit,
  type EncodedMnist,
  type MnistDigits
} from './mnist'
export {
  encodeGraph,
  exportOnnx,
  layerSpecSchema,
  modelSpecSchema,
  onnxAttribute,
  ONNX_OPSET,
  OnnxExportError,
  outputShape,
  type LayerSpec,
  type ModelSpec,
  type OnnxGraph
} from './onnx'
export { compareOutputs, runOnnx, type Agreement, type OrtRun } from './ort'
export { compareWithOrt, handoffOnnx, onnxHandoffSchema, parseHandoff, type OnnxHandoff, type OrtComparison } from './compare'
