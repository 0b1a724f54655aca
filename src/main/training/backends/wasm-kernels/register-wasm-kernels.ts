// Adds the kernels wasm lacks for training Trainbench's layers (found by training every layer,
// activation, loss and optimizer on wasm) and swaps in faster gradients built on XNNPACK.
// Idempotent; call before or after the wasm backend initialises.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { makeConv2dBackpropInputWasm } from './conv2d-backprop-input';
import { makeBatchMatMulWasm } from './batch-mat-mul';
import { makeMaxPoolGradWasm } from './max-pool-grad';
import { makeSliceWasm, makeSplitVWasm, makeUnpackWasm } from './slice';

let registered = false;

/** The kernels this module adds or replaces, for the environment record and tests. */
export const WASM_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'Slice', 'SplitV', 'Unpack', 'MaxPoolGrad'] as const;

type KernelWrapper = (original: tf.KernelFunc) => (args: never) => tf.TensorInfo | tf.TensorInfo[];

/** Swaps a stock wasm kernel for a wrapper around it, keeping its setupFunc and disposeFunc. */
function replaceKernel(name: string, wrap: KernelWrapper): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return;
  tf.unregisterKernel(name, 'wasm');
  const replacement: tf.KernelConfig = {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: wrap(original.kernelFunc) as unknown as tf.KernelFunc,
  };
  // The stock setupFunc binds the C++ entry point that the wrapped original still calls.
  if (original.setupFunc) replacement.setupFunc = original.setupFunc;
  if (original.disposeFunc) replacement.disposeFunc = original.disposeFunc;
  tf.registerKernel(replacement);
}

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(conv2dBackpropFilterConfig);

  replaceKernel('Conv2DBackpropInput', makeConv2dBackpropInputWasm);
  replaceKernel('BatchMatMul', makeBatchMatMulWasm);
  replaceKernel('Slice', makeSliceWasm);
  replaceKernel('SplitV', makeSplitVWasm);
  replaceKernel('Unpack', makeUnpackWasm);
  replaceKernel('MaxPoolGrad', makeMaxPoolGradWasm);
  registered = true;
}
