/**
 * What a milestone hands to the main process so that "Run in ONNX Runtime" can rebuild its trained model:
 * a plain-data description of a Sequential of the course's layers (weights as number arrays) and the
 * model's own outputs on the first test inputs. Main validates it, exports it to ONNX, runs ONNX Runtime
 * on the same inputs and compares (src-main/tensor). Only data crosses; no object of the sandbox does.
 */
import type { Tensor } from 'tinytorch/01_tensor'

export type LayerSpec =
  | { op: 'Linear'; inFeatures: number; outFeatures: number; weight: number[]; bias: number[] | null }
  | { op: 'ReLU' | 'Sigmoid' | 'Tanh' | 'GELU' }
  | { op: 'Softmax'; dim: number }
  | { op: 'Dropout'; p: number }
  | { op: 'Flatten'; startDim: number }
  | {
      op: 'Conv2d'
      inChannels: number
      outChannels: number
      kernelSize: [number, number]
      stride: number
      padding: number
      weight: number[]
      bias: number[] | null
    }
  | { op: 'MaxPool2d' | 'AvgPool2d'; kernelSize: [number, number]; stride: [number, number]; padding: number }
  | { op: 'LayerNorm'; normalizedShape: number[]; eps: number; weight: number[]; bias: number[] }

export interface OnnxHandoff {
  model: { layers: LayerSpec[] }
  /** Shape of one batch the model was run on, e.g. [250, 1, 28, 28]. */
  inputShape: number[]
  /** Which shipped inputs: the first `count` digits of the MNIST test set, as float32 in [0, 1]. */
  inputs: { dataset: 'mnist-test'; count: number }
  /** The model's outputs on those inputs, row-major [count, classes]. */
  outputs: number[]
  /** Median wall-clock seconds of one forward pass over a batch of inputShape[0] inputs, in the sandbox. */
  secondsPerBatch: number
}

/** How to describe each layer class the model uses: [class, describe(layer)]. */
export type Describers = [abstract new (...args: never[]) => unknown, (layer: never) => LayerSpec][]

const values = (t: Tensor | null): number[] | null => (t ? Array.from(t.data) : null)

/** Describes the layers of a Sequential with the given describers (the first whose class matches wins). */
export function describeSequential(layers: readonly unknown[], describers: Describers): { layers: LayerSpec[] } {
  return {
    layers: layers.map((layer, i) => {
      const found = describers.find(([cls]) => layer instanceof cls)
      if (!found) throw new Error(`layer ${i} (${(layer as object).constructor?.name ?? typeof layer}) cannot be exported to ONNX`)
      return found[1](layer as never)
    })
  }
}

export const describeLinear = (l: { inFeatures: number; outFeatures: number; weight: Tensor; bias: Tensor | null }): LayerSpec => ({
  op: 'Linear',
  inFeatures: l.inFeatures,
  outFeatures: l.outFeatures,
  weight: values(l.weight)!,
  bias: values(l.bias)
})

export const describeConv2d = (l: {
  inChannels: number
  outChannels: number
  kernelSize: [number, number]
  stride: number
  padding: number
  weight: Tensor
  bias: Tensor | null
}): LayerSpec => ({
  op: 'Conv2d',
  inChannels: l.inChannels,
  outChannels: l.outChannels,
  kernelSize: [...l.kernelSize],
  stride: l.stride,
  padding: l.padding,
  weight: values(l.weight)!,
  bias: values(l.bias)
})

export const describePool =
  (op: 'MaxPool2d' | 'AvgPool2d') =>
  (l: { kernelSize: [number, number]; stride: [number, number]; padding: number }): LayerSpec => ({
    op,
    kernelSize: [...l.kernelSize],
    stride: [...l.stride],
    padding: l.padding
  })
