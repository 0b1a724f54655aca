// The config.json of a Keras 3 `.keras` file for a resolved Sequential model: the layer configs
// Keras 3's get_config() writes (every key one its __init__ accepts since 3.0), plus the
// weight paths saving_lib uses inside model.weights.h5.
import type { ResolvedModel } from '../../shared/spec/resolve-model';
import type { ResolvedLayer } from '../../shared/spec/resolved-layer';
import type { CompileSpec } from '../../shared/spec/model-spec';

/** Keras version written into metadata.json; the layout is Keras 3's saving_lib (3.0 onward). */
export const KERAS_TARGET_VERSION = '3.5.0';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function serialized(module: string, className: string, config: JsonObject, extra: JsonObject = {}): JsonObject {
  return { module, class_name: className, config, registered_name: null, ...extra };
}

const initializer = (className: string, config: JsonObject = {}): JsonObject => serialized('keras.initializers', className, config);
const glorot = (): JsonObject => initializer('GlorotUniform', { seed: null });
const zeros = (): JsonObject => initializer('Zeros');
const ones = (): JsonObject => initializer('Ones');
const orthogonal = (): JsonObject => initializer('Orthogonal', { gain: 1.0, seed: null });

const base = (layer: ResolvedLayer): JsonObject => ({ name: layer.name, trainable: true, dtype: 'float32' });
const noRegularizers = (...keys: string[]): JsonObject => Object.fromEntries(keys.map((k) => [k, null]));

/** Keras 3 config of one layer (the `config` member of its serialized form). */
export function kerasLayerConfig(layer: ResolvedLayer): JsonObject {
  switch (layer.className) {
    case 'Conv2D':
      return {
        ...base(layer),
        filters: layer.filters,
        kernel_size: layer.kernel_size,
        strides: layer.strides,
        padding: layer.padding,
        data_format: 'channels_last',
        dilation_rate: [1, 1],
        groups: 1,
        activation: layer.activation,
        use_bias: layer.use_bias,
        kernel_initializer: glorot(),
        bias_initializer: zeros(),
        ...noRegularizers('kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'),
      };
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return { ...base(layer), pool_size: layer.pool_size, padding: layer.padding, strides: layer.strides, data_format: 'channels_last' };
    case 'Flatten':
      return { ...base(layer), data_format: 'channels_last' };
    case 'GlobalAveragePooling2D':
      return { ...base(layer), data_format: 'channels_last', keepdims: false };
    case 'Dense':
      return {
        ...base(layer),
        units: layer.units,
        activation: layer.activation,
        use_bias: layer.use_bias,
        kernel_initializer: glorot(),
        bias_initializer: zeros(),
        ...noRegularizers('kernel_regularizer', 'bias_regularizer', 'kernel_constraint', 'bias_constraint'),
      };
    case 'Dropout':
      return { ...base(layer), rate: layer.rate, seed: null, noise_shape: null };
    case 'BatchNormalization':
      return {
        ...base(layer),
        axis: layer.axis,
        momentum: layer.momentum,
        epsilon: layer.epsilon,
        center: layer.center,
        scale: layer.scale,
        beta_initializer: zeros(),
        gamma_initializer: ones(),
        moving_mean_initializer: zeros(),
        moving_variance_initializer: ones(),
        ...noRegularizers('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint'),
      };
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      const config: JsonObject = {
        ...base(layer),
        return_sequences: layer.return_sequences,
        return_state: false,
        go_backwards: false,
        stateful: false,
        unroll: false,
        zero_output_for_mask: false,
        units: layer.units,
        activation: layer.activation,
      };
      if (layer.className !== 'SimpleRNN') config.recurrent_activation = layer.recurrent_activation ?? 'sigmoid';
      Object.assign(config, {
        use_bias: layer.use_bias,
        kernel_initializer: glorot(),
        recurrent_initializer: orthogonal(),
        bias_initializer: zeros(),
        ...noRegularizers(
          'kernel_regularizer',
          'recurrent_regularizer',
          'bias_regularizer',
          'activity_regularizer',
          'kernel_constraint',
          'recurrent_constraint',
          'bias_constraint',
        ),
        dropout: layer.dropout,
        recurrent_dropout: layer.recurrent_dropout,
        seed: null,
      });
      if (layer.className === 'LSTM') config.unit_forget_bias = true;
      if (layer.className === 'GRU') config.reset_after = layer.reset_after;
      return config;
    }
  }
}

const OPTIMIZER_CLASS = { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop', adagrad: 'Adagrad' } as const;

function compileConfig(compile: CompileSpec): JsonObject {
  const optimizer: JsonObject = { name: compile.optimizer.name, learning_rate: compile.optimizer.learning_rate };
  if (compile.optimizer.name === 'sgd') optimizer.momentum = compile.optimizer.momentum ?? 0;
  return {
    optimizer: serialized('keras.optimizers', OPTIMIZER_CLASS[compile.optimizer.name], optimizer),
    loss: compile.loss,
    loss_weights: null,
    metrics: compile.metrics,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}

/** Keras's naming.to_snake_case, which saving_lib uses for container entries (not layer names). */
export function kerasSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Where each layer's variables live in model.weights.h5: saving_lib walks `model.layers` and
 * names each entry after its class (conv2d, conv2d_1, ...), never after the layer's name.
 * Recurrent layers keep theirs on the cell: layers/lstm/cell/vars/0..2.
 */
export function kerasWeightPaths(layers: ResolvedLayer[]): { layer: ResolvedLayer; path: string; varsPath: string }[] {
  const used = new Map<string, number>();
  return layers.map((layer) => {
    const snake = kerasSnakeCase(layer.className);
    const seen = used.get(snake);
    const name = seen === undefined ? snake : `${snake}_${seen + 1}`;
    used.set(snake, seen === undefined ? 0 : seen + 1);
    const path = `layers/${name}`;
    const recurrent = layer.className === 'SimpleRNN' || layer.className === 'LSTM' || layer.className === 'GRU';
    return { layer, path, varsPath: recurrent ? `${path}/cell/vars` : `${path}/vars` };
  });
}

/** The whole config.json object: a serialized keras.Sequential with its build and compile configs. */
export function kerasModelConfig(resolved: ResolvedModel): JsonObject {
  const batchInput: Json = [null, ...resolved.inputShape];
  const layers: JsonObject[] = [
    serialized('keras.layers', 'InputLayer', { batch_shape: batchInput, dtype: 'float32', sparse: false, name: 'input_layer' }),
    ...resolved.layers.map((layer) =>
      serialized('keras.layers', layer.className, kerasLayerConfig(layer), { build_config: { input_shape: [null, ...layer.inputShape] } }),
    ),
  ];
  return serialized(
    'keras',
    'Sequential',
    { name: 'sequential', trainable: true, dtype: 'float32', layers, build_input_shape: batchInput },
    { build_config: { input_shape: batchInput }, compile_config: compileConfig(resolved.spec.compile) },
  );
}
