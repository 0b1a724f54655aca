// Slice for wasm without the whole-tensor copy: the stock kernel reads its input with readSync,
// which copies the entire tensor out of the heap for every slice (1.5 ms to take 32 rows of a
// [896, 512] tensor). This one copies only the slice, straight from a view on the wasm heap.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runWasm, type TensorInfo } from './wasm-ops';


export function makeSliceWasm(original: tf.KernelFunc) {
  return function sliceWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): TensorInfo {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string' || x.dtype === 'complex64') return original(args) as TensorInfo;
    const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
    const [begin_, size_] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    const out = backend.makeOutput(size_, x.dtype);
    const total = tf.util.sizeFromShape(size_);
    if (total === 0) return out;
    // Views are taken after makeOutput: allocating may grow (and detach) the heap.
    const xVals = backend.typedArrayFromHeap(x);
    const outVals = backend.typedArrayFromHeap(out);
    const strides = tf.util.computeStrides(x.shape);
    if (tf.slice_util.isSliceContinous(x.shape, begin_, size_)) {
      const offset = tf.slice_util.computeFlatOffset(begin_, strides);
      outVals.set(xVals.subarray(offset, offset + total));
      return out;
    }
    // Copy runs of the innermost dimension; iterate the outer indices like an odometer.
    const rank = x.shape.length;
    const inner = size_[rank - 1]!;
    const outer = total / inner;
    const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
    let outOffset = 0;
    for (let k = 0; k < outer; k++) {
      let offset = begin_[rank - 1]!;
      for (let d = 0; d < rank - 1; d++) offset += (begin_[d]! + index[d]!) * strides[d]!;
      outVals.set(xVals.subarray(offset, offset + inner), outOffset);
      outOffset += inner;
      for (let d = rank - 2; d >= 0; d--) {
        index[d]! += 1;
        if (index[d]! < size_[d]!) break;
        index[d] = 0;
      }
    }
    return out;
  };
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap };

/** SplitV and Unpack call the stock Slice directly (one whole-tensor copy per piece): route them to ours. */
function sliceOf(backend: tf.KernelBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return runWasm('Slice', backend as BackendWasm, { x }, { begin, size });
}

export function makeSplitVWasm(original: tf.KernelFunc) {
  return function splitVWasm(args: KernelArgs): TensorInfo[] {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original(args) as TensorInfo[];
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[ax] = s;
      const piece = sliceOf(args.backend, x, [...begin], size);
      begin[ax]! += s;
      return piece;
    });
  };
}

export function makeUnpackWasm(original: tf.KernelFunc) {
  return function unpackWasm(args: KernelArgs): TensorInfo[] {
    const { value } = args.inputs as { value: TensorInfo };
    if (value.dtype === 'string') return original(args) as TensorInfo[];
    const rank = value.shape.length;
    let axis = (args.attrs as { axis: number }).axis;
    if (axis < 0) axis += rank;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const size = [...value.shape];
    size[axis] = 1;
    const begin = new Array<number>(rank).fill(0);
    const outs: TensorInfo[] = [];
    for (let i = 0; i < value.shape[axis]!; i++) {
      begin[axis] = i;
      const piece = sliceOf(args.backend, value, [...begin], size);
      outs.push({ dataId: piece.dataId, dtype: piece.dtype, shape: outShape });
    }
    return outs;
  };
}
