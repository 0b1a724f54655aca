// Conv2DBackpropFilter for the wasm backend, which ships without it (so no Conv2D trains there).
// dW = patchesᵀ · dy: the input patches (im2col on the heap) times dy, one GEMM on wasm's XNNPACK
// BatchMatMul. Measured 1.3–2.4× faster than expressing dW as a conv2d of transposed x and dy.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { im2col } from './im2col';
import { release, reshape, runWasm, type TensorInfo } from './wasm-ops';

interface FilterGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as FilterGradAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error("wasm Conv2DBackpropFilter supports only channels-last data ('NHWC'); use data_format='channels_last'.");
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, batchSize: n } = info;
  const [, , ci, co] = attrs.filterShape;
  const patches = im2col(backend, x, { kh, kw, sh, sw, top: info.padInfo.top, left: info.padInfo.left, oh, ow });
  const dy2d = reshape(backend, dy, [n * oh * ow, co]);
  const dw2d = runWasm('BatchMatMul', backend, { a: patches, b: dy2d }, { transposeA: true, transposeB: false });
  release(backend, patches, dy2d);
  const dw = reshape(backend, dw2d, [kh, kw, ci, co]);
  release(backend, dw2d);
  return dw;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm as unknown as tf.KernelFunc,
};
