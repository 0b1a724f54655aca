// buildModel against Keras's numbers: parameter counts of the reference models (and the other
// templates, GRU with reset_after=True included), Keras layer names, and seeded initial weights.
import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/main/training/backends/select-backend';
import { buildModel } from '../../../src/main/training/model-builder';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import { customSpec } from './training-fixtures';

beforeAll(async () => {
  await selectBackend('wasm');
});

const built: tf.LayersModel[] = [];
afterAll(() => built.forEach((m) => m.dispose()));

function build(spec = TEMPLATES['reference-cnn'].spec, seed = 42): tf.LayersModel {
  const model = buildModel(resolveModel(spec), seed);
  built.push(model);
  return model;
}

describe('buildModel', () => {
  it('gives the reference CNN (64, 64, 3) Keras\'s 1,626,442 parameters and layer shapes', () => {
    const resolved = resolveModel(TEMPLATES['reference-cnn'].spec);
    const model = build(TEMPLATES['reference-cnn'].spec);
    expect(resolved.totalParams).toBe(1_626_442);
    expect(model.countParams()).toBe(resolved.totalParams);
    expect(model.layers.map((l) => l.name)).toEqual(['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'flatten', 'dense', 'dense_1']);
    expect(model.layers.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[62, 62, 32], [31, 31, 32], [29, 29, 64], [14, 14, 64], [12544], [128], [10]]);
  });

  it("gives the reference RNN Keras's 1,345 parameters", () => {
    const resolved = resolveModel(TEMPLATES['reference-rnn'].spec);
    expect(resolved.totalParams).toBe(1_345);
    expect(build(TEMPLATES['reference-rnn'].spec).countParams()).toBe(1_345);
  });

  it('matches resolveModel for the LSTM and GRU templates (GRU counts the reset_after=True recurrent bias)', () => {
    for (const id of ['lstm-fashion', 'gru-fashion', 'fashion-cnn'] as const) {
      const resolved = resolveModel(TEMPLATES[id].spec);
      expect(build(TEMPLATES[id].spec).countParams(), id).toBe(resolved.totalParams);
    }
    // Keras: GRU(128) on 28 features with reset_after=True = 3·(128·(28+128) + 2·128) = 60,672.
    expect(resolveModel(TEMPLATES['gru-fashion'].spec).layers[0]!.params.trainable).toBe(60_672);
  });

  it('builds every layer kind with its Keras name and parameter count', () => {
    const spec = customSpec('every_layer', [12, 12, 1], [
      { className: 'Conv2D', args: { filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'leaky_relu' } },
      { className: 'BatchNormalization', args: {} },
      { className: 'AveragePooling2D', args: { pool_size: [2, 2] } },
      { className: 'MaxPooling2D', args: { pool_size: [2, 2] } },
      { className: 'Conv2D', args: { filters: 6, kernel_size: [1, 1], activation: 'gelu' } },
      { className: 'GlobalAveragePooling2D', args: {} },
      { className: 'Dropout', args: { rate: 0.25 } },
      { className: 'Dense', args: { units: 3, activation: 'softmax' } },
    ]);
    const resolved = resolveModel(spec);
    const model = build(spec);
    expect(model.countParams()).toBe(resolved.totalParams);
    const names = model.layers.map((l) => l.name);
    for (const layer of resolved.layers) expect(names).toContain(layer.name);
    // BatchNormalization: moving mean/variance are Keras's non-trainable parameters.
    const nonTrainable = model.nonTrainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    expect(nonTrainable).toBe(resolved.nonTrainableParams);
  });

  it('draws the same initial weights for the same seed and different ones for another seed', async () => {
    const spec = TEMPLATES['lstm-fashion'].spec;
    const values = async (seed: number): Promise<Float32Array[]> => {
      const model = build(spec, seed);
      return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
    };
    const a = await values(7);
    const b = await values(7);
    const c = await values(8);
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b[i]!.buffer))).toBe(true));
    // The kernels differ (biases start at zero for every seed).
    expect(Buffer.from(a[0]!.buffer).equals(Buffer.from(c[0]!.buffer))).toBe(false);
  });
});
