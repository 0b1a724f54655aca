// MaxPoolGrad for wasm, in JavaScript straight on the wasm heap: the stock C++ kernel took 23 ms
// of a 170 ms Fashion-CNN batch for a 2×2 pool; one pass that finds each window's first maximum
// (as the cpu backend does, which matters for ReLU's ties at zero) and scatters dy takes ≈ 2 ms.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from './wasm-ops';

export function makeMaxPoolGradWasm(original: tf.KernelFunc) {
  return function maxPoolGradWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): TensorInfo {
    const backend = args.backend as BackendWasm;
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (input.dtype !== 'float32') return original(args) as TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
    const { top, left } = info.padInfo;
    const out = backend.makeOutput(input.shape, 'float32');
    // Views after makeOutput: an allocation may grow and so detach the heap.
    const x = backend.typedArrayFromHeap(input) as Float32Array;
    const g = backend.typedArrayFromHeap(dy) as Float32Array;
    const dx = backend.typedArrayFromHeap(out) as Float32Array;
    dx.fill(0);
    if (fh === 2 && fw === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0 && outHeight * 2 <= inHeight && outWidth * 2 <= inWidth) {
      pool2x2Grad(x, g, dx, batchSize, inHeight, inWidth, c, outHeight, outWidth);
      return out;
    }
    const best = new Float32Array(c);
    const where = new Int32Array(c);
    const rowStride = inWidth * c;
    const imageStride = inHeight * rowStride;
    let gi = 0;
    for (let b = 0; b < batchSize; b++) {
      const image = b * imageStride;
      for (let yr = 0; yr < outHeight; yr++) {
        const r0 = yr * strideHeight - top;
        const rStart = Math.max(0, r0);
        const rEnd = Math.min(inHeight, r0 + fh);
        for (let yc = 0; yc < outWidth; yc++) {
          const c0 = yc * strideWidth - left;
          const cStart = Math.max(0, c0);
          const cEnd = Math.min(inWidth, c0 + fw);
          best.fill(-Infinity);
          where.fill(-1);
          for (let r = rStart; r < rEnd; r++) {
            for (let col = cStart; col < cEnd; col++) {
              const base = image + r * rowStride + col * c;
              for (let d = 0; d < c; d++) {
                const v = x[base + d]!;
                if (v > best[d]!) {
                  best[d] = v;
                  where[d] = base + d;
                }
              }
            }
          }
          for (let d = 0; d < c; d++) {
            const at = where[d]!;
            if (at >= 0) dx[at]! += g[gi + d]!;
          }
          gi += c;
        }
      }
    }
    return out;
  };
}

/** The common 2×2, stride 2, unpadded pool: four candidates per output, first maximum wins. */
function pool2x2Grad(x: Float32Array, g: Float32Array, dx: Float32Array, n: number, h: number, w: number, c: number, oh: number, ow: number): void {
  const rowStride = w * c;
  let gi = 0;
  for (let b = 0; b < n; b++) {
    const image = b * h * rowStride;
    for (let yr = 0; yr < oh; yr++) {
      const row = image + 2 * yr * rowStride;
      for (let yc = 0; yc < ow; yc++) {
        const p00 = row + 2 * yc * c;
        const p01 = p00 + c;
        const p10 = p00 + rowStride;
        const p11 = p10 + c;
        for (let d = 0; d < c; d++) {
          // Row-major window order with strict '>' = the cpu backend's choice among ties.
          let at = p00 + d;
          let best = x[at]!;
          let v = x[p01 + d]!;
          if (v > best) {
            best = v;
            at = p01 + d;
          }
          v = x[p10 + d]!;
          if (v > best) {
            best = v;
            at = p10 + d;
          }
          v = x[p11 + d]!;
          if (v > best) at = p11 + d;
          dx[at]! += g[gi + d]!;
        }
        gi += c;
      }
    }
  }
}
