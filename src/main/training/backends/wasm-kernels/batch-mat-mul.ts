// BatchMatMul for wasm with transposed operands made explicit: the stock kernel's transposeA path
// runs at ≈ 0.5 GFLOP/s and transposeB at ≈ 1 (measured on the LSTM's weight gradients), while a
// Transpose plus the plain product runs at XNNPACK speed. Every Dense and recurrent gradient uses them.
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, transpose, type TensorInfo } from './wasm-ops';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

export function makeBatchMatMulWasm(original: tf.KernelFunc) {
  return function batchMatMulWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): TensorInfo {
    const { transposeA, transposeB } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return original(args) as TensorInfo;
    const backend = args.backend as BackendWasm;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const at = transposeA ? transpose(backend, a, swapLastTwo(a.shape.length)) : a;
    const bt = transposeB ? transpose(backend, b, swapLastTwo(b.shape.length)) : b;
    const out = original({ inputs: { a: at, b: bt }, backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as TensorInfo;
    if (at !== a) release(backend, at);
    if (bt !== b) release(backend, bt);
    return out;
  };
}
