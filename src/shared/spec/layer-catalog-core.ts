// Flatten, Dense, Dropout and BatchNormalization with Keras's arguments and defaults
// (Dense activation None, use_bias True; BatchNormalization axis -1, momentum 0.99, epsilon 0.001).
import { activation, bool, boundedNumber, fraction, integer, positiveInt } from './layer-args';
import { COMMON_UNSUPPORTED, KERNEL_WEIGHT_ARGS, type LayerDefinition } from './layer-definition';
import { batchNormParams, denseParams, noParams } from './param-count';

const flatten: LayerDefinition = {
  className: 'Flatten',
  autoName: 'flatten',
  family: 'core',
  doc: 'Reshapes everything but the batch into one vector.',
  positional: [],
  args: [],
  unsupported: ['data_format', ...COMMON_UNSUPPORTED],
  inputRank: 'any',
  build: (ctx) => {
    const size = ctx.inputShape.reduce((a, b) => a * b, 1);
    return {
      fields: { className: 'Flatten' },
      outputShape: [size],
      params: noParams(),
      trace: ctx.inputShape.length === 1 ? 'already flat' : `${ctx.inputShape.join('·')} = ${size}`,
      arithmetic: null,
    };
  },
};

const dense: LayerDefinition = {
  className: 'Dense',
  autoName: 'dense',
  family: 'core',
  doc: 'Fully connected layer: every input to every one of `units` outputs.',
  positional: ['units', 'activation', 'use_bias'],
  args: [
    positiveInt('units', 'Number of outputs.', 128),
    activation('activation', 'Activation applied to the output; None means linear.', 'linear'),
    bool('use_bias', 'Whether to add a bias per unit.', true),
  ],
  unsupported: ['lora_rank', ...KERNEL_WEIGHT_ARGS, ...COMMON_UNSUPPORTED],
  inputRank: 1,
  build: (ctx) => {
    const units = ctx.values.units as number;
    const useBias = ctx.values.use_bias as boolean;
    const inputs = ctx.inputShape[0] ?? 0;
    return {
      fields: { className: 'Dense', units, activation: ctx.values.activation, use_bias: useBias },
      outputShape: [units],
      params: denseParams(inputs, units, useBias),
      trace: `${inputs} inputs, ${units} unit${units === 1 ? '' : 's'}`,
      arithmetic: null,
    };
  },
};

const dropout: LayerDefinition = {
  className: 'Dropout',
  autoName: 'dropout',
  family: 'core',
  doc: 'During training, sets a fraction `rate` of inputs to 0 (and scales the rest).',
  positional: ['rate'],
  args: [fraction('rate', 'Fraction of inputs dropped, in [0, 1).', 0.5)],
  unsupported: ['noise_shape', 'seed', ...COMMON_UNSUPPORTED],
  inputRank: 'any',
  build: (ctx) => ({
    fields: { className: 'Dropout', rate: ctx.values.rate },
    outputShape: [...ctx.inputShape],
    params: noParams(),
    trace: `rate ${ctx.values.rate as number}, shape unchanged`,
    arithmetic: null,
  }),
};

const batchNormalization: LayerDefinition = {
  className: 'BatchNormalization',
  autoName: 'batch_normalization',
  family: 'core',
  doc: 'Normalizes each channel with the batch statistics (moving averages at inference).',
  positional: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  args: [
    integer('axis', 'The channel axis; -1 is the last.', -1),
    boundedNumber('momentum', 'Momentum of the moving mean and variance.', 0.99, 0, 1, true),
    boundedNumber('epsilon', 'Added to the variance to avoid dividing by zero.', 0.001, 0, 1, false),
    bool('center', 'Learn an offset β.', true),
    bool('scale', 'Learn a scale γ.', true),
  ],
  unsupported: [
    'beta_initializer',
    'gamma_initializer',
    'moving_mean_initializer',
    'moving_variance_initializer',
    'beta_regularizer',
    'gamma_regularizer',
    'beta_constraint',
    'gamma_constraint',
    'synchronized',
    'renorm',
    ...COMMON_UNSUPPORTED,
  ],
  inputRank: 'any',
  build: (ctx) => {
    const v = ctx.values;
    const rank = ctx.inputShape.length;
    const axis = v.axis as number;
    const resolvedAxis = axis < 0 ? rank + axis : axis;
    // Keras counts axes with the batch as axis 0; a positive axis here is Keras's axis.
    const position = axis < 0 ? resolvedAxis : axis - 1;
    const channels = ctx.inputShape[position];
    if (channels === undefined || position < 0) {
      return {
        issues: [
          {
            code: 'bad-value',
            arg: 'axis',
            message: `axis ${axis} does not exist in its input (None, ${ctx.inputShape.join(', ')})`,
            fix: 'use axis=-1 (the channels)',
          },
        ],
      };
    }
    const center = v.center as boolean;
    const scale = v.scale as boolean;
    return {
      fields: { className: 'BatchNormalization', axis, momentum: v.momentum, epsilon: v.epsilon, center, scale },
      outputShape: [...ctx.inputShape],
      params: batchNormParams(channels, center, scale),
      trace: `normalizes ${channels} channels, shape unchanged`,
      arithmetic: null,
    };
  },
};

export const CORE_LAYERS: LayerDefinition[] = [flatten, dense, dropout, batchNormalization];
