// The reference models through analyzeModel and resolveModel: shapes, names, defaults, the
// trace, the structured arithmetic; and the spellings Keras allows (ints for pairs, None).
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../../src/shared/spec/analyze-model';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import type { ResolvedConv2D, ResolvedPooling2D, ResolvedRecurrent } from '../../../src/shared/spec/resolved-layer';
import { L, makeSpec } from './invalid-models';

describe('analyzeModel / resolveModel', () => {
  it('gives the reference CNN shapes, names and trace', () => {
    const analysis = analyzeModel(TEMPLATES['reference-cnn'].spec);
    expect(analysis.ok).toBe(true);
    expect(analysis.layers.map((l) => l.outputShape)).toEqual([[62, 62, 32], [31, 31, 32], [29, 29, 64], [14, 14, 64], [12544], [128], [10]]);
    expect(analysis.layers.map((l) => l.name)).toEqual(['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'flatten', 'dense', 'dense_1']);
    expect(analysis.trace[0]).toBe('Input: (64, 64, 3)');
    expect(analysis.trace[1]).toBe('Conv2D 1: (64 − 3 + 2·0)/1 + 1 = 62 → (62, 62, 32)');
    expect(analysis.trace[4]).toBe('MaxPooling2D 4: floor((29 − 2 + 2·0)/2) + 1 = 14 → (14, 14, 64)');
    expect(analysis.trace[5]).toBe('Flatten 5: 14·14·64 = 12544 → (12544)');
    expect(analysis.layers[0]?.paramFormula).toBe('(3·3·3 + 1)·32 = 896');
    expect(analysis.layers[2]?.arithmetic?.map((d) => ({ I: d.I, K: d.K, P: d.P, S: d.S, O: d.O, mode: d.mode }))).toEqual([
      { I: 31, K: 3, P: 0, S: 1, O: 29, mode: 'valid' },
      { I: 31, K: 3, P: 0, S: 1, O: 29, mode: 'valid' },
    ]);
    expect(analysis.outputShape).toEqual([10]);
  });

  it('fills every Keras default in the resolved layers', () => {
    const model = resolveModel(TEMPLATES['reference-cnn'].spec);
    const conv = model.layers[0] as ResolvedConv2D;
    expect(conv).toMatchObject({ className: 'Conv2D', index: 1, filters: 32, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu', use_bias: true, inputShape: [64, 64, 3] });
    const pool = model.layers[1] as ResolvedPooling2D;
    expect(pool).toMatchObject({ pool_size: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(model.inputShape).toEqual([64, 64, 3]);
    const gru = resolveModel(TEMPLATES['gru-fashion'].spec).layers[0] as ResolvedRecurrent;
    expect(gru).toMatchObject({ units: 128, activation: 'tanh', recurrent_activation: 'sigmoid', reset_after: true, return_sequences: false, dropout: 0, recurrent_dropout: 0 });
    const rnn = resolveModel(TEMPLATES['reference-rnn'].spec).layers[0] as ResolvedRecurrent;
    expect(rnn.recurrent_activation).toBeNull();
  });

  it('gives the reference RNN (32), (1) and 1,345 parameters', () => {
    const model = resolveModel(TEMPLATES['reference-rnn'].spec);
    expect(model.layers.map((l) => l.outputShape)).toEqual([[32], [1]]);
    expect(model.layers.map((l) => l.name)).toEqual(['simple_rnn', 'dense']);
    expect(model.totalParams).toBe(1345);
  });

  it('stacks recurrent layers with return_sequences', () => {
    const model = resolveModel(makeSpec([28, 28], [L.lstm(64, { return_sequences: true }), L.gru(32, { return_sequences: true }), L.rnn(16), L.dense(10, 'softmax')]));
    expect(model.layers.map((l) => l.outputShape)).toEqual([[28, 64], [28, 32], [16], [10]]);
    expect(model.layers.map((l) => l.name)).toEqual(['lstm', 'gru', 'simple_rnn', 'dense']);
  });

  it("reads Keras's spellings: int kernel, activation None, strides None, input_shape on the first layer", () => {
    const spec = makeSpec([], [
      { className: 'Conv2D', args: { filters: 4, kernel_size: 3, activation: null, input_shape: [10, 10, 1] } },
      { className: 'AveragePooling2D', args: { pool_size: 2, strides: null } },
      { className: 'BatchNormalization', args: {} },
      { className: 'GlobalAveragePooling2D', args: {} },
      { className: 'Dropout', args: { rate: 0 } },
      { className: 'Dense', args: { units: 3, activation: 'softmax' } },
    ]);
    const model = resolveModel(spec);
    expect(model.inputShape).toEqual([10, 10, 1]);
    expect(model.layers.map((l) => l.outputShape)).toEqual([[8, 8, 4], [4, 4, 4], [4, 4, 4], [4], [4], [3]]);
    expect((model.layers[0] as ResolvedConv2D).activation).toBe('linear');
    expect(model.nonTrainableParams).toBe(8);
  });

  it('keeps given names and numbers auto-names around them', () => {
    const spec = makeSpec([8], [L.dense(4, 'relu', {}), { className: 'Dense', name: 'dense_1', args: { units: 4 } }, L.dense(2, 'softmax')]);
    expect(resolveModel(spec).layers.map((l) => l.name)).toEqual(['dense', 'dense_1', 'dense_2']);
  });

  it('same padding with strides uses ceil(I/S) and says so', () => {
    const analysis = analyzeModel(makeSpec([9, 7, 1], [L.conv(2, 3, { strides: 2, padding: 'same' }), L.flatten(), L.dense(3, 'softmax')]));
    expect(analysis.layers[0]?.outputShape).toEqual([5, 4, 2]);
    expect(analysis.trace[1]).toBe("Conv2D 1: padding='same': H ceil(9/2) = 5, W ceil(7/2) = 4 → (5, 4, 2)");
  });
});
