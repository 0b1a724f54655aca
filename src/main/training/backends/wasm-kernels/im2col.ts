// im2col on the wasm heap: the input patches each output position of a conv reads, one row per
// position ([n·oh·ow, kh·kw·ci], zeros where padding is read). Turns conv gradients into one GEMM.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from './wasm-ops';

export interface PatchGeometry {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
  oh: number;
  ow: number;
}

export function im2col(backend: BackendWasm, x: TensorInfo, g: PatchGeometry): TensorInfo {
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const rowLength = g.kh * g.kw * ci;
  const out = backend.makeOutput([n * g.oh * g.ow, rowLength], 'float32');
  // Views after makeOutput: an allocation may grow and so detach the heap.
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const xRow = w * ci;
  const xImage = h * xRow;
  const run = g.kw * ci;
  let o = 0;
  for (let b = 0; b < n; b++) {
    const image = b * xImage;
    for (let r = 0; r < g.oh; r++) {
      const r0 = r * g.sh - g.top;
      for (let c = 0; c < g.ow; c++) {
        const c0 = c * g.sw - g.left;
        const inside = c0 >= 0 && c0 + g.kw <= w;
        for (let a = 0; a < g.kh; a++) {
          const ir = r0 + a;
          if (ir < 0 || ir >= h) {
            dst.fill(0, o, o + run);
            o += run;
            continue;
          }
          const rowBase = image + ir * xRow;
          if (inside) {
            // The kw·ci values of this kernel row are contiguous in NHWC.
            const from = rowBase + c0 * ci;
            if (run >= 32) {
              dst.set(src.subarray(from, from + run), o);
              o += run;
            } else {
              // Short runs (first layers, few channels): a plain loop beats creating a subarray.
              for (let k = 0; k < run; k++) dst[o++] = src[from + k]!;
            }
          } else {
            for (let bb = 0; bb < g.kw; bb++) {
              const ic = c0 + bb;
              if (ic < 0 || ic >= w) dst.fill(0, o, o + ci);
              else dst.set(src.subarray(rowBase + ic * ci, rowBase + ic * ci + ci), o);
              o += ci;
            }
          }
        }
      }
    }
  }
  return out;
}
