// Parameter counts against two oracles: Keras's numbers for the reference models (from the
// founding notes) and tfjs-layers (a port of Keras) building the same layer for real, which also
// gives the trainable / non-trainable split. GRU reset_after=True, which tfjs lacks, is checked
// against Keras's formula 3·(u·(i+u) + 2u).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../src/shared/spec/model-spec';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import { makeSpec } from './invalid-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Resolves a one-layer model (plus a Flatten/Dense head where needed) and returns layer 1. */
function resolveFirst(inputShape: number[], layer: LayerSpec) {
  const head: LayerSpec[] = [];
  const probe = makeSpec(inputShape, [layer, { className: 'Dense', args: { units: 2, activation: 'softmax' } }]);
  try {
    return resolveModel(probe).layers[0];
  } catch {
    head.push({ className: 'Flatten', args: {} }, { className: 'Dense', args: { units: 2, activation: 'softmax' } });
    return resolveModel(makeSpec(inputShape, [layer, ...head])).layers[0];
  }
}

function tfjsCounts(inputShape: number[], layer: tf.layers.Layer): { trainable: number; nonTrainable: number; outputShape: number[] } {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape }));
  model.add(layer);
  const count = (ws: tf.LayerVariable[]): number => ws.reduce((a, w) => a + (w.shape as number[]).reduce((x, y) => x * y, 1), 0);
  const out = (layer.outputShape as (number | null)[]).slice(1) as number[];
  const result = { trainable: count(layer.trainableWeights), nonTrainable: count(layer.nonTrainableWeights), outputShape: out };
  model.dispose();
  return result;
}

describe('parameter counts', () => {
  it("match Keras's numbers for the reference CNN and RNN", () => {
    const cnn = resolveModel(TEMPLATES['reference-cnn'].spec);
    expect(cnn.layers.map((l) => l.params.trainable)).toEqual([896, 0, 18_496, 0, 0, 1_605_760, 1_290]);
    expect(cnn.totalParams).toBe(1_626_442);
    expect(cnn.trainableParams).toBe(1_626_442);
    expect(cnn.nonTrainableParams).toBe(0);
    const rnn = resolveModel(TEMPLATES['reference-rnn'].spec);
    expect(rnn.layers.map((l) => l.params.trainable)).toEqual([1_312, 33]);
    expect(rnn.totalParams).toBe(1_345);
  });

  const cases: { title: string; input: number[]; spec: LayerSpec; tfjs: () => tf.layers.Layer }[] = [
    { title: 'Conv2D', input: [12, 10, 3], spec: { className: 'Conv2D', args: { filters: 7, kernel_size: [3, 2] } }, tfjs: () => tf.layers.conv2d({ filters: 7, kernelSize: [3, 2] }) },
    { title: 'Conv2D without bias, strided, same', input: [13, 13, 4], spec: { className: 'Conv2D', args: { filters: 5, kernel_size: 3, strides: 2, padding: 'same', use_bias: false } }, tfjs: () => tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', useBias: false }) },
    { title: 'MaxPooling2D', input: [9, 9, 4], spec: { className: 'MaxPooling2D', args: { pool_size: 2 } }, tfjs: () => tf.layers.maxPooling2d({ poolSize: 2 }) },
    { title: 'AveragePooling2D same', input: [9, 7, 4], spec: { className: 'AveragePooling2D', args: { pool_size: [3, 2], padding: 'same' } }, tfjs: () => tf.layers.averagePooling2d({ poolSize: [3, 2], padding: 'same' }) },
    { title: 'GlobalAveragePooling2D', input: [5, 6, 11], spec: { className: 'GlobalAveragePooling2D', args: {} }, tfjs: () => tf.layers.globalAveragePooling2d({}) },
    { title: 'Flatten', input: [4, 5, 6], spec: { className: 'Flatten', args: {} }, tfjs: () => tf.layers.flatten() },
    { title: 'Dense', input: [37], spec: { className: 'Dense', args: { units: 9 } }, tfjs: () => tf.layers.dense({ units: 9 }) },
    { title: 'Dense without bias', input: [37], spec: { className: 'Dense', args: { units: 9, use_bias: false } }, tfjs: () => tf.layers.dense({ units: 9, useBias: false }) },
    { title: 'Dropout', input: [37], spec: { className: 'Dropout', args: { rate: 0.3 } }, tfjs: () => tf.layers.dropout({ rate: 0.3 }) },
    { title: 'BatchNormalization', input: [6, 6, 13], spec: { className: 'BatchNormalization', args: {} }, tfjs: () => tf.layers.batchNormalization({}) },
    { title: 'BatchNormalization without scale', input: [13], spec: { className: 'BatchNormalization', args: { scale: false } }, tfjs: () => tf.layers.batchNormalization({ scale: false }) },
    { title: 'SimpleRNN', input: [10, 8], spec: { className: 'SimpleRNN', args: { units: 32 } }, tfjs: () => tf.layers.simpleRNN({ units: 32 }) },
    { title: 'LSTM with sequences', input: [7, 5], spec: { className: 'LSTM', args: { units: 6, return_sequences: true } }, tfjs: () => tf.layers.lstm({ units: 6, returnSequences: true }) },
    { title: 'GRU reset_after=False', input: [7, 5], spec: { className: 'GRU', args: { units: 6, reset_after: false } }, tfjs: () => tf.layers.gru({ units: 6 }) },
  ];

  it.each(cases)('$title matches tfjs-layers (Keras port): count, split and shape', ({ input, spec, tfjs }) => {
    const ours = resolveFirst(input, spec);
    const theirs = tfjsCounts(input, tfjs());
    expect(ours?.params).toEqual({ trainable: theirs.trainable, nonTrainable: theirs.nonTrainable });
    expect(ours?.outputShape).toEqual(theirs.outputShape);
  });

  it("GRU with Keras's default reset_after=True has 3·(u·(i+u) + 2u) parameters", () => {
    for (const [i, u] of [[28, 128], [8, 32], [5, 6]] as const) {
      const layer = resolveFirst([10, i], { className: 'GRU', args: { units: u } });
      expect(layer?.params.trainable).toBe(3 * (u * (i + u) + 2 * u));
    }
    expect(resolveFirst([28, 28], { className: 'GRU', args: { units: 128 } })?.params.trainable).toBe(60_672);
  });

  it('LSTM and SimpleRNN follow 4·(u·(i+u)+u) and u·(i+u)+u', () => {
    expect(resolveFirst([28, 28], { className: 'LSTM', args: { units: 128 } })?.params.trainable).toBe(4 * (128 * (28 + 128) + 128));
    expect(resolveFirst([10, 8], { className: 'SimpleRNN', args: { units: 32 } })?.params.trainable).toBe(32 * (8 + 32) + 32);
  });

  it('BatchNormalization has 4·C parameters, 2·C of them non-trainable', () => {
    const bn = resolveFirst([4, 4, 32], { className: 'BatchNormalization', args: {} });
    expect(bn?.params).toEqual({ trainable: 64, nonTrainable: 64 });
  });
});
