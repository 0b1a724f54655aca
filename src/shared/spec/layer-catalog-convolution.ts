// Conv2D, MaxPooling2D, AveragePooling2D and GlobalAveragePooling2D with Keras's arguments and
// defaults (strides 1 or pool_size, padding 'valid', activation None), output sizes by the
// window formula, and kernels or pools larger than their input reported with the arithmetic.
import { activation, bool, choice, intPair, positiveInt, type IssueDraft } from './layer-args';
import { COMMON_UNSUPPORTED, KERNEL_WEIGHT_ARGS, type BuildResult, type LayerContext, type LayerDefinition } from './layer-definition';
import { conv2dParams, noParams } from './param-count';
import { windowArithmetic, type DimArithmetic } from './shape-arithmetic';

const PADDINGS = ['valid', 'same'] as const;
function pair(v: unknown): [number, number] {
  const [a, b] = v as [number, number];
  return [a, b];
}

/** Issues for window dims whose output is ≤ 0 (only possible with padding='valid'). */
function windowIssues(dims: DimArithmetic[], word: 'kernel' | 'pool', fix: string): IssueDraft[] {
  const failing = dims.filter((d) => d.O <= 0);
  if (failing.length === 0) return [];
  const same = dims.length === 2 && dims[0]?.I === dims[1]?.I && dims[0]?.K === dims[1]?.K;
  const parts = (same ? failing.slice(0, 1) : failing).map((d) => {
    const which = same ? '' : d.dim === 'H' ? 'height ' : 'width ';
    return `${word} ${d.K} is larger than its input ${which}${d.I} ${d.text}`;
  });
  return [{ code: word === 'kernel' ? 'kernel-too-large' : 'pool-too-large', message: parts.join('; '), fix }];
}

function buildConv2D(ctx: LayerContext): BuildResult {
  const v = ctx.values;
  const kernel = pair(v.kernel_size);
  const strides = pair(v.strides);
  const padding = v.padding as 'valid' | 'same';
  const filters = v.filters as number;
  const useBias = v.use_bias as boolean;
  const { dims, text } = windowArithmetic(ctx.inputShape, kernel, strides, padding);
  const issues = windowIssues(dims, 'kernel', "use a smaller kernel, padding='same', or remove a pooling layer before it");
  if (issues.length > 0) return { issues };
  const inChannels = ctx.inputShape[2] ?? 0;
  return {
    fields: { className: 'Conv2D', filters, kernel_size: kernel, strides, padding, activation: v.activation, use_bias: useBias },
    outputShape: [dims[0].O, dims[1].O, filters],
    params: conv2dParams(kernel, inChannels, filters, useBias),
    trace: text,
    arithmetic: dims,
  };
}

function buildPooling(className: 'MaxPooling2D' | 'AveragePooling2D') {
  return (ctx: LayerContext): BuildResult => {
    const v = ctx.values;
    const pool = pair(v.pool_size);
    // Keras: strides=None means strides equal to pool_size.
    const strides = v.strides === null ? pool : pair(v.strides);
    const padding = v.padding as 'valid' | 'same';
    const { dims, text } = windowArithmetic(ctx.inputShape, pool, strides, padding);
    const issues = windowIssues(dims, 'pool', "use a smaller pool_size, padding='same', or remove this pooling layer");
    if (issues.length > 0) return { issues };
    return {
      fields: { className, pool_size: pool, strides, padding },
      outputShape: [dims[0].O, dims[1].O, ctx.inputShape[2] ?? 0],
      params: noParams(),
      trace: text,
      arithmetic: dims,
    };
  };
}

const conv2d: LayerDefinition = {
  className: 'Conv2D',
  autoName: 'conv2d',
  family: 'convolution',
  doc: '2-D convolution: slides `filters` kernels of kernel_size over the image.',
  positional: ['filters', 'kernel_size', 'strides', 'padding'],
  args: [
    positiveInt('filters', 'Number of output channels (kernels).', 32),
    intPair('kernel_size', 'Kernel height and width; an int means square.', 3),
    intPair('strides', 'Step of the kernel; an int means the same in both directions.', 1, [1, 1]),
    choice('padding', "'valid' (no padding, output shrinks) or 'same' (output ceil(I/S)).", PADDINGS, 'valid'),
    activation('activation', 'Activation applied to the output; None means linear.', 'linear'),
    bool('use_bias', 'Whether to add a bias per filter.', true),
  ],
  unsupported: ['data_format', 'dilation_rate', 'groups', ...KERNEL_WEIGHT_ARGS, ...COMMON_UNSUPPORTED],
  inputRank: 3,
  build: buildConv2D,
};

function poolingDefinition(className: 'MaxPooling2D' | 'AveragePooling2D', autoName: string, what: string): LayerDefinition {
  return {
    className,
    autoName,
    family: 'convolution',
    doc: `${what} over pool_size windows; strides default to pool_size.`,
    positional: ['pool_size', 'strides', 'padding'],
    args: [
      intPair('pool_size', 'Window height and width; an int means square.', 2, [2, 2]),
      intPair('strides', 'Step of the window; None means pool_size.', 2, null),
      choice('padding', "'valid' or 'same'.", PADDINGS, 'valid'),
    ],
    unsupported: ['data_format', ...COMMON_UNSUPPORTED],
    inputRank: 3,
    build: buildPooling(className),
  };
}

const globalAveragePooling2D: LayerDefinition = {
  className: 'GlobalAveragePooling2D',
  autoName: 'global_average_pooling2d',
  family: 'convolution',
  doc: 'Mean of each channel over the whole image: (H, W, C) → (C).',
  positional: [],
  args: [],
  unsupported: ['data_format', 'keepdims', ...COMMON_UNSUPPORTED],
  inputRank: 3,
  build: (ctx) => {
    const [h, w, c] = ctx.inputShape as [number, number, number];
    return {
      fields: { className: 'GlobalAveragePooling2D' },
      outputShape: [c],
      params: noParams(),
      trace: `mean over ${h}×${w}`,
      arithmetic: null,
    };
  },
};

export const CONVOLUTION_LAYERS: LayerDefinition[] = [
  conv2d,
  poolingDefinition('MaxPooling2D', 'max_pooling2d', 'Maximum'),
  poolingDefinition('AveragePooling2D', 'average_pooling2d', 'Average'),
  globalAveragePooling2D,
];
