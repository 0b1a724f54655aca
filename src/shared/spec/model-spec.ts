// The model as every room sees it: a versioned, JSON-serializable Sequential spec using Keras's
// class and argument names. Layer arguments stay a loose record here on purpose: validation
// (layer-catalog) must see unknown or misspelt arguments to name them, so it cannot be typed away.

export const MODEL_SPEC_FORMAT = 'trainbench.model';
export const MODEL_SPEC_VERSION = 1;

export const LAYER_CLASS_NAMES = [
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'Flatten',
  'Dense',
  'Dropout',
  'BatchNormalization',
  'GlobalAveragePooling2D',
  'SimpleRNN',
  'LSTM',
  'GRU',
] as const;
export type LayerClassName = (typeof LAYER_CLASS_NAMES)[number];

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'softmax', 'linear', 'elu', 'selu', 'gelu', 'leaky_relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = [
  'sparse_categorical_crossentropy',
  'categorical_crossentropy',
  'binary_crossentropy',
  'mse',
  'mae',
] as const;
export type LossName = (typeof LOSSES)[number];

export const METRICS = ['accuracy'] as const;
export type MetricName = (typeof METRICS)[number];

/** One layer as written: Keras class name plus Keras keyword arguments (snake_case, Keras defaults apply). */
export interface LayerSpec {
  className: LayerClassName;
  /** Keras's `name=`; when absent the Keras auto-name (conv2d, conv2d_1, ...) is used. */
  name?: string;
  /** Keras keyword arguments, e.g. { filters: 32, kernel_size: [3, 3], activation: 'relu' }. */
  args: Record<string, unknown>;
}

export interface OptimizerSpec {
  name: OptimizerName;
  learning_rate: number;
  /** sgd only. */
  momentum?: number;
}

export interface CompileSpec {
  optimizer: OptimizerSpec;
  loss: LossName;
  metrics: MetricName[];
}

export interface FitSpec {
  epochs: number;
  batch_size: number;
  validation_split: number;
  shuffle: boolean;
  seed: number;
}

export interface ModelSpec {
  format: typeof MODEL_SPEC_FORMAT;
  version: typeof MODEL_SPEC_VERSION;
  name: string;
  /** Input shape without the batch dimension, as Keras's input_shape=. */
  input_shape: number[];
  layers: LayerSpec[];
  compile: CompileSpec;
  fit: FitSpec;
}

/** Keras defaults for compile and fit, used when a spec or a Keras snippet leaves them out. */
export const DEFAULT_COMPILE: CompileSpec = {
  optimizer: { name: 'adam', learning_rate: 0.001 },
  loss: 'sparse_categorical_crossentropy',
  metrics: ['accuracy'],
};

export const DEFAULT_FIT: FitSpec = {
  epochs: 1,
  batch_size: 32,
  validation_split: 0,
  shuffle: true,
  seed: 42,
};
