// A trained Sequential model as ONNX (opset 13): each resolved layer becomes standard ONNX ops
// (Conv, MaxPool, Gemm, RNN/LSTM/GRU ...), with the NHWC <-> NCHW transposes Keras's channels-last
// layout needs and the gate reordering between Keras's and ONNX's recurrent weights.
import type { Activation } from '../../shared/spec/model-spec';
import type { ResolvedModel } from '../../shared/spec/resolve-model';
import type {
  ResolvedBatchNormalization,
  ResolvedConv2D,
  ResolvedDense,
  ResolvedPooling2D,
  ResolvedRecurrent,
} from '../../shared/spec/resolved-layer';
import { ExportError } from './export-errors';
import type { LayerWeightMap, LayerWithWeights, WeightArray } from './layer-weights';
import { OnnxGraph } from './onnx-graph';

/** Slope Keras 3's activation='leaky_relu' uses (keras.activations.leaky_relu's negative_slope). */
export const LEAKY_RELU_ALPHA = 0.2;

export const ONNX_INPUT_NAME = 'input';
export const ONNX_OUTPUT_NAME = 'output';

/** How the current value is laid out: image tensors switch to NCHW for ONNX's conv ops. */
type Layout = 'nhwc' | 'nchw' | 'plain';
interface Value {
  name: string;
  layout: Layout;
  /** Shape without batch, in Keras (channels-last) order. */
  shape: number[];
}

function unsupported(message: string, layer?: string): never {
  throw new ExportError(message, { code: 'unsupported', ...(layer ? { layer } : {}) });
}

function need(weights: LayerWeightMap, role: string, layer: string): WeightArray {
  const w = weights[role];
  if (!w) unsupported(`Layer '${layer}' has no '${role}' weights to export.`, layer);
  return w;
}

/** Row-major transpose of a dense array by `perm`. */
export function transposeArray(values: Float32Array, shape: number[], perm: number[]): { values: Float32Array; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p] as number);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] as number) * (shape[i + 1] as number);
  const out = new Float32Array(values.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += (idx[d] as number) * (inStrides[perm[d] as number] as number);
    out[o] = values[src] as number;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (outShape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return { values: out, shape: outShape };
}

/** Reorders the gate blocks of a [..., gates·units] last axis: block order[i] goes to position i. */
function reorderGates(values: Float32Array, rows: number, units: number, order: number[]): Float32Array {
  const cols = units * order.length;
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    order.forEach((src, dst) => {
      out.set(values.subarray(r * cols + src * units, r * cols + (src + 1) * units), r * cols + dst * units);
    });
  }
  return out;
}

/** TF's 'same' padding: the extra pixel goes after (bottom/right). Returns [begin, end]. */
function samePads(input: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + kernel - input, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

function spatialPads(layer: ResolvedConv2D | ResolvedPooling2D, kernel: [number, number]): number[] {
  if (layer.padding === 'valid') return [0, 0, 0, 0];
  const [h, w] = layer.inputShape as [number, number, number];
  const [top, bottom] = samePads(h, kernel[0], layer.strides[0]);
  const [left, right] = samePads(w, kernel[1], layer.strides[1]);
  return [top, left, bottom, right];
}

class Converter {
  constructor(private readonly g: OnnxGraph) {}

  toNchw(v: Value): Value {
    if (v.layout === 'nchw') return v;
    if (v.shape.length !== 3) unsupported(`Expected an image tensor (h, w, c), got shape (${v.shape.join(', ')}).`);
    return { ...v, layout: 'nchw', name: this.g.op('Transpose', [v.name], 'to_nchw', { perm: [0, 3, 1, 2] }) };
  }

  toNhwc(v: Value): Value {
    if (v.layout !== 'nchw') return v;
    return { ...v, layout: 'nhwc', name: this.g.op('Transpose', [v.name], 'to_nhwc', { perm: [0, 2, 3, 1] }) };
  }

  activation(v: Value, activation: Activation, layer: string): Value {
    // Element-wise activations work in either layout; softmax needs the channel axis last.
    const g = this.g;
    const base = `${layer}_${activation}`;
    switch (activation) {
      case 'linear':
        return v;
      case 'relu':
        return { ...v, name: g.op('Relu', [v.name], base) };
      case 'sigmoid':
        return { ...v, name: g.op('Sigmoid', [v.name], base) };
      case 'tanh':
        return { ...v, name: g.op('Tanh', [v.name], base) };
      case 'elu':
        return { ...v, name: g.op('Elu', [v.name], base, { alpha: { float: 1 } }) };
      case 'selu':
        return { ...v, name: g.op('Selu', [v.name], base) };
      case 'leaky_relu':
        return { ...v, name: g.op('LeakyRelu', [v.name], base, { alpha: { float: LEAKY_RELU_ALPHA } }) };
      case 'softmax': {
        const last = this.toNhwc(v);
        return { ...last, name: g.op('Softmax', [last.name], base, { axis: -1 }) };
      }
      case 'gelu': {
        // Keras's gelu (approximate=False): x · ½ · (1 + erf(x / √2)).
        const scaled = g.op('Mul', [v.name, g.float(`${layer}_inv_sqrt2`, [], [Math.SQRT1_2])], `${layer}_gelu_scaled`);
        const erf = g.op('Erf', [scaled], `${layer}_gelu_erf`);
        const plus = g.op('Add', [erf, g.float(`${layer}_one`, [], [1])], `${layer}_gelu_plus`);
        const half = g.op('Mul', [v.name, g.float(`${layer}_half`, [], [0.5])], `${layer}_gelu_half`);
        return { ...v, name: g.op('Mul', [half, plus], base) };
      }
      default:
        return unsupported(`Activation '${String(activation)}' has no ONNX export.`, layer);
    }
  }

  conv(v: Value, layer: ResolvedConv2D, weights: LayerWeightMap): Value {
    const x = this.toNchw(v);
    const kernel = need(weights, 'kernel', layer.name);
    const w = transposeArray(kernel.values, kernel.shape, [3, 2, 0, 1]);
    const inputs = [x.name, this.g.float(`${layer.name}_W`, w.shape, w.values)];
    if (layer.use_bias) {
      const bias = need(weights, 'bias', layer.name);
      inputs.push(this.g.float(`${layer.name}_B`, bias.shape, bias.values));
    }
    const out = this.g.op('Conv', inputs, layer.name, {
      kernel_shape: layer.kernel_size,
      strides: layer.strides,
      pads: spatialPads(layer, layer.kernel_size),
      dilations: [1, 1],
      group: 1,
    });
    return this.activation({ name: out, layout: 'nchw', shape: layer.outputShape }, layer.activation, layer.name);
  }

  pool(v: Value, layer: ResolvedPooling2D): Value {
    const x = this.toNchw(v);
    const op = layer.className === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
    const attrs = { kernel_shape: layer.pool_size, strides: layer.strides, pads: spatialPads(layer, layer.pool_size) };
    // TF averages over the real pixels only under 'same' padding: count_include_pad=0 (ONNX's default).
    const out = this.g.op(op, [x.name], layer.name, op === 'AveragePool' ? { ...attrs, count_include_pad: 0 } : attrs);
    return { name: out, layout: 'nchw', shape: layer.outputShape };
  }

  dense(v: Value, layer: ResolvedDense, weights: LayerWeightMap): Value {
    const x = this.toNhwc(v);
    const kernel = need(weights, 'kernel', layer.name);
    const k = this.g.float(`${layer.name}_kernel`, kernel.shape, kernel.values);
    const bias = layer.use_bias ? need(weights, 'bias', layer.name) : null;
    let out: string;
    if (x.shape.length === 1) {
      const inputs = [x.name, k];
      if (bias) inputs.push(this.g.float(`${layer.name}_bias`, bias.shape, bias.values));
      out = this.g.op('Gemm', inputs, layer.name);
    } else {
      // Keras's Dense on rank > 2 applies to the last axis: MatMul broadcasts the same way.
      out = this.g.op('MatMul', [x.name, k], `${layer.name}_matmul`);
      if (bias) out = this.g.op('Add', [out, this.g.float(`${layer.name}_bias`, bias.shape, bias.values)], layer.name);
    }
    const layout: Layout = x.shape.length === 3 ? 'nhwc' : 'plain';
    return this.activation({ name: out, layout, shape: layer.outputShape }, layer.activation, layer.name);
  }

  flatten(v: Value, name: string, outputShape: number[]): Value {
    // Keras flattens channels-last (h, w, c): go back to NHWC first so the order matches Dense's kernel.
    const x = this.toNhwc(v);
    return { name: this.g.op('Flatten', [x.name], name, { axis: 1 }), layout: 'plain', shape: outputShape };
  }

  globalAveragePool(v: Value, name: string, outputShape: number[]): Value {
    const x = this.toNchw(v);
    const pooled = this.g.op('GlobalAveragePool', [x.name], `${name}_pool`);
    return { name: this.g.op('Flatten', [pooled], name, { axis: 1 }), layout: 'plain', shape: outputShape };
  }

  batchNorm(v: Value, layer: ResolvedBatchNormalization, weights: LayerWeightMap): Value {
    const rank = v.shape.length + 1;
    if (layer.axis !== -1 && layer.axis !== rank - 1) {
      unsupported(`BatchNormalization '${layer.name}' normalizes axis ${layer.axis}; only the last (channel) axis exports to ONNX.`, layer.name);
    }
    const channels = v.shape[v.shape.length - 1] as number;
    const mean = need(weights, 'moving_mean', layer.name).values;
    const variance = need(weights, 'moving_variance', layer.name).values;
    const gamma = layer.scale ? need(weights, 'gamma', layer.name).values : new Float32Array(channels).fill(1);
    const beta = layer.center ? need(weights, 'beta', layer.name).values : new Float32Array(channels);
    if (rank === 4 || rank === 2) {
      const x = rank === 4 ? this.toNchw(v) : v;
      const g = this.g;
      const out = g.op(
        'BatchNormalization',
        [
          x.name,
          g.float(`${layer.name}_gamma`, [channels], gamma),
          g.float(`${layer.name}_beta`, [channels], beta),
          g.float(`${layer.name}_mean`, [channels], mean),
          g.float(`${layer.name}_var`, [channels], variance),
        ],
        layer.name,
        { epsilon: { float: layer.epsilon } },
      );
      return { ...x, name: out };
    }
    // (batch, steps, features): ONNX's BatchNormalization wants channels at axis 1, so fold it into Mul + Add.
    const scale = new Float32Array(channels);
    const shift = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      const s = (gamma[c] as number) / Math.sqrt((variance[c] as number) + layer.epsilon);
      scale[c] = s;
      shift[c] = (beta[c] as number) - (mean[c] as number) * s;
    }
    const mul = this.g.op('Mul', [v.name, this.g.float(`${layer.name}_scale`, [channels], scale)], `${layer.name}_mul`);
    return { ...v, name: this.g.op('Add', [mul, this.g.float(`${layer.name}_shift`, [channels], shift)], layer.name) };
  }

  recurrent(v: Value, layer: ResolvedRecurrent, weights: LayerWeightMap): Value {
    const g = this.g;
    const units = layer.units;
    const inputSize = v.shape[v.shape.length - 1] as number;
    const kernel = need(weights, 'kernel', layer.name);
    const recurrent = need(weights, 'recurrent_kernel', layer.name);
    const gates = layer.className === 'LSTM' ? 4 : layer.className === 'GRU' ? 3 : 1;
    // Keras's LSTM gates are i, f, c, o; ONNX's are i, o, f, c. GRU (z, r, h) and RNN agree.
    const order = layer.className === 'LSTM' ? [0, 3, 1, 2] : Array.from({ length: gates }, (_, i) => i);
    const W = transposeArray(reorderGates(kernel.values, inputSize, units, order), [inputSize, gates * units], [1, 0]);
    const R = transposeArray(reorderGates(recurrent.values, units, units, order), [units, gates * units], [1, 0]);
    const bias = new Float32Array(2 * gates * units);
    if (layer.use_bias) {
      const b = need(weights, 'bias', layer.name);
      if (layer.className === 'GRU' && layer.reset_after) {
        // Keras keeps (2, 3u): input bias row, then recurrent bias row, ONNX's Wb then Rb.
        bias.set(reorderGates(b.values, 2, units, order));
      } else {
        bias.set(reorderGates(b.values, 1, units, order), 0);
      }
    }
    const act = (a: Activation | null, fallback: string): string => {
      const map: Partial<Record<Activation, string>> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', elu: 'Elu' };
      if (a === null) return fallback;
      const name = map[a];
      if (!name) unsupported(`${layer.className} '${layer.name}' uses activation '${a}', which ONNX's ${layer.className === 'SimpleRNN' ? 'RNN' : layer.className} op lacks.`, layer.name);
      return name;
    };
    const main = act(layer.activation, 'Tanh');
    const activations = layer.className === 'SimpleRNN' ? [main] : [act(layer.recurrent_activation, 'Sigmoid'), main, ...(layer.className === 'LSTM' ? [main] : [])];
    const attrs: Record<string, number | string[]> = { hidden_size: units, activations };
    if (layer.className === 'GRU') attrs.linear_before_reset = layer.reset_after ? 1 : 0;
    const opType = layer.className === 'SimpleRNN' ? 'RNN' : layer.className;
    const timeMajor = g.op('Transpose', [v.name], `${layer.name}_time_major`, { perm: [1, 0, 2] });
    const [y, yh] = g.node(
      opType,
      [
        timeMajor,
        g.float(`${layer.name}_W`, [1, ...W.shape], W.values),
        g.float(`${layer.name}_R`, [1, ...R.shape], R.values),
        g.float(`${layer.name}_B`, [1, bias.length], bias),
      ],
      [`${layer.name}_Y`, `${layer.name}_Y_h`],
      attrs,
    ) as [string, string];
    if (layer.return_sequences) {
      // Y: (steps, directions=1, batch, units) -> (batch, steps, units).
      const squeezed = g.op('Squeeze', [y, g.int64(`${layer.name}_axis1`, [1])], `${layer.name}_Y_squeezed`);
      return { name: g.op('Transpose', [squeezed], layer.name, { perm: [1, 0, 2] }), layout: 'plain', shape: layer.outputShape };
    }
    return { name: g.op('Squeeze', [yh, g.int64(`${layer.name}_axis0`, [0])], layer.name), layout: 'plain', shape: layer.outputShape };
  }
}

export interface OnnxExportOptions {
  producerVersion?: string;
  /** Free-text key/values stored in the model (run id, spec name, ...). */
  metadata?: Record<string, string>;
}

/** Builds the ONNX model bytes; input 'input' is (batch, ...inputShape) channels-last, like Keras. */
export function buildOnnxModel(resolved: ResolvedModel, layers: LayerWithWeights[], options: OnnxExportOptions = {}): Uint8Array {
  const g = new OnnxGraph();
  const c = new Converter(g);
  g.name(ONNX_INPUT_NAME);
  g.name(ONNX_OUTPUT_NAME);
  let v: Value = { name: ONNX_INPUT_NAME, layout: resolved.inputShape.length === 3 ? 'nhwc' : 'plain', shape: resolved.inputShape };
  for (const { layer, weights } of layers) {
    switch (layer.className) {
      case 'Conv2D':
        v = c.conv(v, layer, weights);
        break;
      case 'MaxPooling2D':
      case 'AveragePooling2D':
        v = c.pool(v, layer);
        break;
      case 'Flatten':
        v = c.flatten(v, layer.name, layer.outputShape);
        break;
      case 'GlobalAveragePooling2D':
        v = c.globalAveragePool(v, layer.name, layer.outputShape);
        break;
      case 'Dense':
        v = c.dense(v, layer, weights);
        break;
      case 'Dropout':
        // Inference: dropout is the identity; no node needed.
        break;
      case 'BatchNormalization':
        v = c.batchNorm(v, layer, weights);
        break;
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU':
        v = c.recurrent(v, layer, weights);
        break;
    }
  }
  v = c.toNhwc(v);
  g.exact('Identity', [v.name], ONNX_OUTPUT_NAME);
  const last = layers[layers.length - 1]?.layer.outputShape ?? resolved.inputShape;
  return g.encode({
    graphName: resolved.spec.name || 'trainbench_model',
    input: { name: ONNX_INPUT_NAME, shape: resolved.inputShape },
    output: { name: ONNX_OUTPUT_NAME, shape: last },
    docString: `Exported by Trainbench from the Keras-style Sequential model '${resolved.spec.name}'. Input is channels-last like Keras.`,
    ...(options.producerVersion ? { producerVersion: options.producerVersion } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}
