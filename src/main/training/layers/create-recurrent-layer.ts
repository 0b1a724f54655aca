// Builds the Keras-compatible recurrent layer for a resolved SimpleRNN, LSTM or GRU: Trainbench's
// fused layers, except GRU with reset_after=False, which tfjs's own GRU implements exactly.
import * as tf from '@tensorflow/tfjs';
import type { ResolvedRecurrent } from '../../../shared/spec/resolved-layer';
import { TrainbenchGRU, TrainbenchLSTM, TrainbenchSimpleRNN, type FusedRecurrentArgs } from './fused-recurrent-layer';

export interface RecurrentLayerOptions {
  seed: number;
  /** Set for the model's first layer: (timesteps, features). */
  inputShape?: number[];
}

export function createRecurrentLayer(layer: ResolvedRecurrent, opts: RecurrentLayerOptions): tf.layers.Layer {
  const recurrentActivation = layer.recurrent_activation ?? 'sigmoid';
  if (layer.className === 'GRU' && !layer.reset_after) {
    if (layer.activation === 'leaky_relu' || recurrentActivation === 'leaky_relu') {
      throw new Error(`GRU '${layer.name}' with reset_after=False cannot use leaky_relu in tfjs; use reset_after=True or another activation`);
    }
    return tf.layers.gru({
      name: layer.name,
      units: layer.units,
      activation: layer.activation,
      recurrentActivation: recurrentActivation,
      useBias: layer.use_bias,
      returnSequences: layer.return_sequences,
      dropout: layer.dropout,
      recurrentDropout: layer.recurrent_dropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed }),
      recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: opts.seed + 1 }),
      biasInitializer: 'zeros',
      ...(opts.inputShape ? { inputShape: opts.inputShape } : {}),
    });
  }
  const args: FusedRecurrentArgs = {
    name: layer.name,
    units: layer.units,
    activation: layer.activation,
    recurrentActivation,
    useBias: layer.use_bias,
    returnSequences: layer.return_sequences,
    dropout: layer.dropout,
    recurrentDropout: layer.recurrent_dropout,
    seed: opts.seed,
    ...(opts.inputShape ? { inputShape: opts.inputShape } : {}),
  };
  switch (layer.className) {
    case 'SimpleRNN':
      return new TrainbenchSimpleRNN(args);
    case 'LSTM':
      return new TrainbenchLSTM(args);
    case 'GRU':
      return new TrainbenchGRU(args);
  }
}
