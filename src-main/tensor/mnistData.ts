/**
 * `tinytorch/datasets/mnist-data` for vitest and tsc (see vitest.config.mts): the same encoded digits the
 * grader compiles into a milestone's bundle (src-main/grader/datasets.ts).
 */
import { encodeMnist } from './mnist'

export const MNIST_DATA = encodeMnist()
