// Thin wrappers that run the wasm backend's own kernels (XNNPACK conv, transpose, pad, slice)
// on TensorInfos inside another kernel, so composite kernels never leave wasm memory.
// Every helper returns a fresh TensorInfo the caller must release with `release`.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;
type Attrs = Record<string, unknown>;

// Kernel functions are looked up once: they are fixed after the wasm backend registered them.
const kernelCache = new Map<string, tf.KernelFunc>();

function kernelFunc(name: string): tf.KernelFunc {
  let fn = kernelCache.get(name);
  if (!fn) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) throw new Error(`wasm kernel '${name}' is missing; is @tensorflow/tfjs-backend-wasm loaded?`);
    fn = config.kernelFunc;
    kernelCache.set(name, fn);
  }
  return fn;
}

export function runWasm(name: string, backend: BackendWasm, inputs: Record<string, TensorInfo>, attrs: Attrs): TensorInfo {
  const result = kernelFunc(name)({ inputs, attrs: attrs as tf.NamedAttrMap, backend });
  if (Array.isArray(result)) throw new Error(`wasm kernel '${name}' returned several outputs`);
  return result;
}

export function release(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function transpose(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasm('Transpose', backend, { x }, { perm });
}

export function pad(backend: BackendWasm, x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
  return runWasm('PadV2', backend, { x }, { paddings, constantValue: 0 });
}

export function slice(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return runWasm('Slice', backend, { x }, { begin, size });
}

export function reshape(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasm('Reshape', backend, { x }, { shape });
}

export function reverse(backend: BackendWasm, x: TensorInfo, dims: number[]): TensorInfo {
  return runWasm('Reverse', backend, { x }, { dims });
}

/** NHWC conv2d through XNNPACK; `pad` is numeric per-side padding already applied, so always 'valid'. */
export function conv2dValid(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  strides: [number, number],
  dilations: [number, number],
): TensorInfo {
  return runWasm('Conv2D', backend, { x, filter }, { strides, dilations, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined });
}

/** True when no padding is needed, so callers can skip a copy. */
export function isZeroPadding(paddings: Array<[number, number]>): boolean {
  return paddings.every(([a, b]) => a === 0 && b === 0);
}
