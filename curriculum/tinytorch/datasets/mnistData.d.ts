// The encoded digits, generated in the main process (src-main/tensor/mnist.ts) and compiled into the bundle.
export declare const MNIST_DATA: {
  side: number
  train: { count: number; images: string; labels: string }
  test: { count: number; images: string; labels: string }
}
