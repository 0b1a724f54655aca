// Shared by the export tests: real models built by the trainer's buildModel from resolved specs
// (the templates, plus two specs that reach every exported op), trained for a few batches on
// real data (Fashion-MNIST or the seeded random data) so no weight is still at its initial value.
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../../src/main/datasets';
import { selectBackend } from '../../../src/main/training/backends/select-backend';
import { buildModel } from '../../../src/main/training/model-builder';
import { labelLayout, labelTensor } from '../../../src/main/training/compile-model';
import { resolveModel, type ResolvedModel } from '../../../src/shared/spec/resolve-model';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import { DEFAULT_COMPILE, DEFAULT_FIT, MODEL_SPEC_FORMAT, MODEL_SPEC_VERSION, type LayerSpec, type ModelSpec } from '../../../src/shared/spec/model-spec';
import type { DatasetSource } from '../../../src/shared/dataset/dataset-source';

export interface TrainedModel {
  resolved: ResolvedModel;
  model: tf.LayersModel;
  /** 100 inputs to compare predictions on (real test samples where the data has them). */
  inputs: tf.Tensor;
  seed: number;
}

let backendReady: Promise<unknown> | null = null;

/** wasm (with the trainer's added conv kernels) when it starts, else cpu. */
export function useTrainingBackend(): Promise<unknown> {
  backendReady ??= selectBackend('wasm');
  return backendReady;
}

function customSpec(name: string, inputShape: number[], layers: LayerSpec[]): ModelSpec {
  return {
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name,
    input_shape: inputShape,
    layers,
    compile: { ...DEFAULT_COMPILE, optimizer: { name: 'adam', learning_rate: 0.01 } },
    fit: { ...DEFAULT_FIT },
  };
}

/** Every image op the exporters map: same padding, strides, BN on 4D and 2D, the activations. */
export const IMAGE_OPS_SPEC: ModelSpec = customSpec('image-ops', [11, 11, 3], [
  { className: 'Conv2D', args: { filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'elu' } },
  { className: 'BatchNormalization', args: {} },
  { className: 'AveragePooling2D', args: { pool_size: [2, 2], padding: 'same' } },
  { className: 'MaxPooling2D', args: { pool_size: [3, 3], strides: [1, 1], padding: 'same' } },
  { className: 'Conv2D', args: { filters: 6, kernel_size: [2, 2], strides: [2, 2], activation: 'selu', use_bias: false } },
  { className: 'Dropout', args: { rate: 0.25 } },
  { className: 'GlobalAveragePooling2D', args: {} },
  { className: 'Dense', args: { units: 8, activation: 'gelu' } },
  { className: 'BatchNormalization', args: {} },
  { className: 'Dense', args: { units: 6, activation: 'leaky_relu' } },
  { className: 'Dense', args: { units: 5, activation: 'tanh' } },
  { className: 'Dense', args: { units: 10, activation: 'softmax' } },
]);

/** Every sequence op: stacked recurrent layers with sequences out, BN on 3D, GRU reset_after=False, a relu RNN. */
export const SEQUENCE_OPS_SPEC: ModelSpec = customSpec('sequence-ops', [10, 8], [
  { className: 'LSTM', args: { units: 7, return_sequences: true } },
  { className: 'BatchNormalization', args: {} },
  { className: 'GRU', args: { units: 5, reset_after: false, return_sequences: true } },
  { className: 'GRU', args: { units: 4, return_sequences: true } },
  { className: 'SimpleRNN', args: { units: 3, activation: 'relu' } },
  { className: 'Dense', args: { units: 10, activation: 'softmax' } },
]);

export type ModelCase = 'reference-cnn' | 'reference-rnn' | 'lstm-fashion' | 'gru-fashion' | 'image-ops' | 'sequence-ops';

function specFor(id: ModelCase): { spec: ModelSpec; source: DatasetSource } {
  switch (id) {
    case 'image-ops':
      return { spec: IMAGE_OPS_SPEC, source: { kind: 'random', samples: 132 } };
    case 'sequence-ops':
      return { spec: SEQUENCE_OPS_SPEC, source: { kind: 'random', samples: 132 } };
    case 'reference-cnn':
      return { spec: TEMPLATES['reference-cnn'].spec, source: { kind: 'random', samples: 116 } };
    case 'reference-rnn':
      return { spec: TEMPLATES['reference-rnn'].spec, source: { kind: 'random', samples: 100 } };
    case 'lstm-fashion':
    case 'gru-fashion':
      return { spec: TEMPLATES[id].spec, source: { kind: 'fashion-mnist' } };
  }
}

/**
 * Builds the model with the trainer's buildModel and fits `trainSamples` samples for one epoch
 * (batches of 16), so every weight has moved; returns 100 inputs (test split, else train) too.
 */
export async function trainedModel(id: ModelCase, trainSamples = 32, seed = 7): Promise<TrainedModel> {
  await useTrainingBackend();
  const { spec, source } = specFor(id);
  const resolved = resolveModel(spec);
  const data = await loadDataset(source, {
    inputShape: resolved.inputShape,
    seed,
    validationSplit: 0,
    loss: spec.compile.loss,
    limit: source.kind === 'random' ? undefined : 200,
    testLimit: 100,
  });
  const model = buildModel(resolved, seed);
  const sampleShape = data.train.sampleShape;
  const per = sampleShape.reduce((a, b) => a * b, 1);
  const n = Math.min(trainSamples, data.train.count);
  const x = tf.tensor(data.train.x.slice(0, n * per), [n, ...sampleShape]);
  const outUnits = resolved.layers[resolved.layers.length - 1]!.outputShape.at(-1)!;
  const y = labelTensor(data.train.y.slice(0, n), labelLayout(spec.compile.loss, outUnits));
  await model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const pool = data.test && data.test.count >= 100 ? data.test : data.train;
  const inputs = tf.tensor(pool.x.slice(pool.count >= 100 ? 0 : 0, Math.min(100, pool.count) * per), [Math.min(100, pool.count), ...sampleShape]);
  return { resolved, model, inputs, seed };
}

/** Largest absolute difference of two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
