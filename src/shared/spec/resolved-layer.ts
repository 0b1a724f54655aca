// A layer after validation: every Keras default filled in, every tuple expanded, the Keras
// auto-name assigned and shapes inferred. The trainer, the exporters and the code writer read
// these, never the raw LayerSpec args, so defaults live in exactly one place (layer-catalog).
import type { Activation } from './model-spec';

interface ResolvedBase {
  /** Keras name: the given name= or the auto-name (conv2d, conv2d_1, dense, ...). */
  name: string;
  /** 1-based position in the model, as shown in messages ("Conv2D 3"). */
  index: number;
  /** Input shape without batch (null entries never occur in a valid model). */
  inputShape: number[];
  outputShape: number[];
  params: { trainable: number; nonTrainable: number };
}

export interface ResolvedConv2D extends ResolvedBase {
  className: 'Conv2D';
  filters: number;
  kernel_size: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
  activation: Activation;
  use_bias: boolean;
}

export interface ResolvedPooling2D extends ResolvedBase {
  className: 'MaxPooling2D' | 'AveragePooling2D';
  pool_size: [number, number];
  /** Keras: defaults to pool_size. */
  strides: [number, number];
  padding: 'valid' | 'same';
}

export interface ResolvedFlatten extends ResolvedBase {
  className: 'Flatten';
}

export interface ResolvedGlobalAveragePooling2D extends ResolvedBase {
  className: 'GlobalAveragePooling2D';
}

export interface ResolvedDense extends ResolvedBase {
  className: 'Dense';
  units: number;
  activation: Activation;
  use_bias: boolean;
}

export interface ResolvedDropout extends ResolvedBase {
  className: 'Dropout';
  rate: number;
}

export interface ResolvedBatchNormalization extends ResolvedBase {
  className: 'BatchNormalization';
  /** Keras defaults: axis -1, momentum 0.99, epsilon 0.001, center and scale true. */
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
}

export interface ResolvedRecurrent extends ResolvedBase {
  className: 'SimpleRNN' | 'LSTM' | 'GRU';
  units: number;
  /** Keras: tanh. */
  activation: Activation;
  /** LSTM and GRU: Keras's 'sigmoid'; SimpleRNN has none (null). */
  recurrent_activation: Activation | null;
  use_bias: boolean;
  return_sequences: boolean;
  /** GRU only: Keras's default true (separate recurrent bias, 3·(u·(i+u) + 2u) parameters). */
  reset_after: boolean;
  dropout: number;
  recurrent_dropout: number;
}

export type ResolvedLayer =
  | ResolvedConv2D
  | ResolvedPooling2D
  | ResolvedFlatten
  | ResolvedGlobalAveragePooling2D
  | ResolvedDense
  | ResolvedDropout
  | ResolvedBatchNormalization
  | ResolvedRecurrent;
