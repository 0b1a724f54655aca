// Builds the tfjs model for a resolved spec: one tfjs layer per Keras layer, Keras names,
// Keras defaults (already filled by resolveModel) and seeded initializers, then compiles it.
// Same seed, data and backend give the same weights and so the same losses.
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../shared/spec/model-spec';
import type { ResolvedLayer } from '../../shared/spec/resolved-layer';
import type { ResolvedModel } from '../../shared/spec/resolved-model';
import { createRecurrentLayer } from './layers/create-recurrent-layer';
import { compileModel } from './compile-model';
import { KerasBatchNormalization } from './keras-batch-normalization';
import { SeededDropout } from './seeded-dropout';
import { deriveSeed } from './seeded-random';

type TfActivation = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'linear' | 'elu' | 'selu' | 'gelu';

/** Keras's leaky_relu activation has slope 0.2; tfjs has no such activation string, so it becomes a layer. */
const LEAKY_RELU_SLOPE = 0.2;

function splitActivation(activation: Activation): { inLayer: TfActivation; leaky: boolean } {
  return activation === 'leaky_relu' ? { inLayer: 'linear', leaky: true } : { inLayer: activation, leaky: false };
}

function glorot(seed: number, layer: ResolvedLayer, what: string): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: deriveSeed(seed, layer.name, what) });
}

/** The tfjs layers for one resolved layer (two when leaky_relu needs its own layer). */
export function createLayers(layer: ResolvedLayer, seed: number, inputShape?: number[]): tf.layers.Layer[] {
  // Keras's Sequential(input_shape=...) puts the shape on the first layer, with no InputLayer in model.layers.
  const first = inputShape ? { inputShape } : {};
  const name = layer.name;
  switch (layer.className) {
    case 'Conv2D': {
      const act = splitActivation(layer.activation);
      const conv = tf.layers.conv2d({
        ...first,
        name,
        filters: layer.filters,
        kernelSize: layer.kernel_size,
        strides: layer.strides,
        padding: layer.padding,
        activation: act.inLayer,
        useBias: layer.use_bias,
        kernelInitializer: glorot(seed, layer, 'kernel'),
        biasInitializer: 'zeros',
      });
      return act.leaky ? [conv, tf.layers.leakyReLU({ alpha: LEAKY_RELU_SLOPE, name: `${name}_leaky_relu` })] : [conv];
    }
    case 'MaxPooling2D':
      return [tf.layers.maxPooling2d({ ...first, name, poolSize: layer.pool_size, strides: layer.strides, padding: layer.padding })];
    case 'AveragePooling2D':
      return [tf.layers.averagePooling2d({ ...first, name, poolSize: layer.pool_size, strides: layer.strides, padding: layer.padding })];
    case 'Flatten':
      return [tf.layers.flatten({ ...first, name })];
    case 'GlobalAveragePooling2D':
      return [tf.layers.globalAveragePooling2d({ ...first, name })];
    case 'Dense': {
      const act = splitActivation(layer.activation);
      const dense = tf.layers.dense({
        ...first,
        name,
        units: layer.units,
        activation: act.inLayer,
        useBias: layer.use_bias,
        kernelInitializer: glorot(seed, layer, 'kernel'),
        biasInitializer: 'zeros',
      });
      return act.leaky ? [dense, tf.layers.leakyReLU({ alpha: LEAKY_RELU_SLOPE, name: `${name}_leaky_relu` })] : [dense];
    }
    case 'Dropout':
      return [new SeededDropout({ ...first, name, rate: layer.rate, seed: deriveSeed(seed, layer.name, 'dropout') })];
    case 'BatchNormalization':
      return [
        new KerasBatchNormalization({
          ...first,
          name,
          axis: layer.axis,
          momentum: layer.momentum,
          epsilon: layer.epsilon,
          center: layer.center,
          scale: layer.scale,
        }),
      ];
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return [createRecurrentLayer(layer, { seed: deriveSeed(seed, layer.name, 'recurrent'), ...first })];
  }
}

/** The compiled tfjs model for a resolved spec; weights fixed by `seed`. */
export function buildModel(resolved: ResolvedModel, seed: number): tf.LayersModel {
  const model = tf.sequential({ name: resolved.spec.name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'sequential' });
  if (resolved.layers.length === 0) throw new Error('The model has no layers: add at least one layer before training.');
  resolved.layers.forEach((layer, i) => {
    for (const tfLayer of createLayers(layer, seed, i === 0 ? resolved.inputShape : undefined)) model.add(tfLayer);
  });
  compileModel(model, resolved.spec.compile);
  return model;
}
