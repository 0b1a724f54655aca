// A table of impossible models, each with the exact message (and fix) the editor and the CLI
// show. The messages are the product here: they name the layer, the numbers and the fix.
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../src/shared/spec/model-spec';
import { analyzeModel } from '../../../src/shared/spec/analyze-model';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { formatIssue, isSpecError, SpecError, type SpecIssueCode } from '../../../src/shared/spec/spec-issues';
import { L, makeSpec } from './invalid-models';

const softmax10 = L.dense(10, 'softmax');
const withCompile = (spec: ModelSpec, compile: unknown): ModelSpec => ({ ...spec, compile: compile as ModelSpec['compile'] });
const withFit = (spec: ModelSpec, fit: Partial<ModelSpec['fit']>): ModelSpec => ({ ...spec, fit: { ...spec.fit, ...fit } });

interface Case {
  title: string;
  spec: ModelSpec;
  code: SpecIssueCode;
  layerIndex: number | null;
  text: string;
}

const CASES: Case[] = [
  {
    title: 'kernel larger than its input (output size ≤ 0)',
    spec: makeSpec([8, 8, 1], [L.conv(8, 3), L.maxPool(2), L.conv(16, 5), L.flatten(), softmax10]),
    code: 'kernel-too-large',
    layerIndex: 3,
    text: "Conv2D 3: kernel 5 is larger than its input 3 (3 − 5 + 2·0)/1 + 1 = −1; use a smaller kernel, padding='same', or remove a pooling layer before it",
  },
  {
    title: 'kernel larger than one spatial dim only',
    spec: makeSpec([28, 10, 1], [L.conv(8, [3, 12]), L.flatten(), softmax10]),
    code: 'kernel-too-large',
    layerIndex: 1,
    text: "Conv2D 1: kernel 12 is larger than its input width 10 (10 − 12 + 2·0)/1 + 1 = −1; use a smaller kernel, padding='same', or remove a pooling layer before it",
  },
  {
    title: 'pool larger than its input (output size 0)',
    spec: makeSpec([4, 4, 1], [L.conv(8, 3), L.maxPool(3), L.flatten(), softmax10]),
    code: 'pool-too-large',
    layerIndex: 2,
    text: "MaxPooling2D 2: pool 3 is larger than its input 2 floor((2 − 3 + 2·0)/3) + 1 = 0; use a smaller pool_size, padding='same', or remove this pooling layer",
  },
  {
    title: 'Dense on an image',
    spec: makeSpec([28, 28, 1], [L.conv(8, 3), softmax10]),
    code: 'wrong-rank',
    layerIndex: 2,
    text: 'Dense 2: needs a flat vector but its input is the image (26, 26, 8) from Conv2D 1 (conv2d); add Flatten() or GlobalAveragePooling2D() before it',
  },
  {
    title: 'Conv2D on a flat input',
    spec: makeSpec([784], [L.conv(8, 3), L.flatten(), softmax10]),
    code: 'wrong-rank',
    layerIndex: 1,
    text: 'Conv2D 1: needs an image (height, width, channels) but its input is (784), the model input; give the model an image input shape such as (28, 28, 1)',
  },
  {
    title: 'Conv2D after Dense',
    spec: makeSpec([28, 28, 1], [L.flatten(), L.dense(64), L.conv(8, 3), L.flatten(), softmax10]),
    code: 'wrong-rank',
    layerIndex: 3,
    text: 'Conv2D 3: needs an image (height, width, channels) but its input is (64) from Dense 2 (dense); put convolution and pooling layers before Flatten and Dense',
  },
  {
    title: 'Conv2D on an image without channels',
    spec: makeSpec([28, 28], [L.conv(8, 3), L.flatten(), softmax10]),
    code: 'wrong-rank',
    layerIndex: 1,
    text: 'Conv2D 1: needs an image (height, width, channels) but its input is (28, 28), the model input; give the model an image input shape with channels, e.g. (28, 28, 1)',
  },
  {
    title: 'recurrent layer fed images',
    spec: makeSpec([28, 28, 1], [L.lstm(64), softmax10]),
    code: 'recurrent-on-images',
    layerIndex: 1,
    text: 'LSTM 1: is fed images (28, 28, 1), the model input, but reads sequences (timesteps, features), and there is no reshape between them; use input shape (28, 28) to read each image row as one timestep',
  },
  {
    title: 'recurrent layer after Conv2D',
    spec: makeSpec([28, 28, 1], [L.conv(8, 3), L.gru(64), softmax10]),
    code: 'recurrent-on-images',
    layerIndex: 2,
    text: 'GRU 2: is fed images (26, 26, 8) from Conv2D 1 (conv2d), but reads sequences (timesteps, features), and there is no reshape between them; build the recurrent model on a (timesteps, features) input, e.g. (26, 208) with each image row as one timestep, without Conv2D or pooling before it',
  },
  {
    title: 'recurrent layer after one without return_sequences',
    spec: makeSpec([28, 28], [L.lstm(64), L.lstm(32), softmax10]),
    code: 'recurrent-needs-sequences',
    layerIndex: 2,
    text: 'LSTM 2: needs a sequence (timesteps, features) but LSTM 1 (lstm) returns only its last output (64); set return_sequences=True on LSTM 1',
  },
  {
    title: 'recurrent layer on a flat input',
    spec: makeSpec([8], [L.rnn(8), softmax10]),
    code: 'wrong-rank',
    layerIndex: 1,
    text: 'SimpleRNN 1: needs a sequence (timesteps, features) but its input is (8), the model input; give the model an input shape (timesteps, features), e.g. (10, 8)',
  },
  {
    title: 'Dense after return_sequences=True',
    spec: makeSpec([28, 28], [L.lstm(64, { return_sequences: true }), softmax10]),
    code: 'wrong-rank',
    layerIndex: 2,
    text: 'Dense 2: needs a flat vector but its input is the sequence (28, 64) from LSTM 1 (lstm); set return_sequences=False on LSTM 1, or add Flatten() before it',
  },
  {
    title: 'model ends in a sequence',
    spec: makeSpec([28, 28], [L.lstm(64, { return_sequences: true })]),
    code: 'output-rank',
    layerIndex: 1,
    text: "LSTM 1: the model's output (28, 64) has more than one axis, but sparse_categorical_crossentropy compares one vector per sample with its label; set return_sequences=False on LSTM 1",
  },
  {
    title: 'softmax with one unit against a multi-class loss',
    spec: makeSpec([28, 28], [L.lstm(64), L.dense(1, 'softmax')]),
    code: 'softmax-one-unit',
    layerIndex: 2,
    text: "Dense 2: softmax over 1 unit always outputs 1.0, so sparse_categorical_crossentropy can learn nothing; use Dense(N, activation='softmax') with N the number of classes (e.g. 10), or for two classes loss='binary_crossentropy' with activation='sigmoid'",
  },
  {
    title: 'binary_crossentropy with a 10-unit softmax',
    spec: makeSpec([28, 28], [L.lstm(64), softmax10], 'binary_crossentropy'),
    code: 'loss-mismatch',
    layerIndex: 2,
    text: "Dense 2: binary_crossentropy expects independent yes/no probabilities, but the last layer (dense) is a 10-unit softmax; for 10 classes use loss='sparse_categorical_crossentropy'; for two classes use Dense(1, activation='sigmoid')",
  },
  {
    title: 'sparse_categorical_crossentropy with one sigmoid unit',
    spec: makeSpec([10, 8], [L.rnn(32), L.dense(1, 'sigmoid')]),
    code: 'loss-mismatch',
    layerIndex: 2,
    text: "Dense 2: sparse_categorical_crossentropy needs one output per class, but the last layer (dense) has 1 unit with sigmoid; for two classes use loss='binary_crossentropy' with this layer, or Dense(2, activation='softmax') with this loss",
  },
  {
    title: 'categorical loss on relu outputs',
    spec: makeSpec([10, 8], [L.rnn(32), L.dense(10, 'relu')], 'categorical_crossentropy'),
    code: 'loss-mismatch',
    layerIndex: 2,
    text: "Dense 2: categorical_crossentropy expects class probabilities, but the last layer (dense) outputs relu values; use activation='softmax' on the last layer",
  },
  {
    title: 'unknown argument with the closest valid name',
    spec: makeSpec([28, 28, 1], [{ className: 'Conv2D', args: { filters: 8, kernel_size: 3, stride: 2 } }, L.flatten(), softmax10]),
    code: 'unknown-argument',
    layerIndex: 1,
    text: "Conv2D 1: unknown argument 'stride'; did you mean strides? (Conv2D takes filters, kernel_size, strides, padding, activation, use_bias)",
  },
  {
    title: 'Keras argument Trainbench does not model',
    spec: makeSpec([28, 28, 1], [L.conv(8, 3, { kernel_initializer: 'he_normal' }), L.flatten(), softmax10]),
    code: 'unsupported-argument',
    layerIndex: 1,
    text: 'Conv2D 1: kernel_initializer is a Keras argument Trainbench does not support; remove kernel_initializer=...; Conv2D takes filters, kernel_size, strides, padding, activation, use_bias',
  },
  {
    title: 'negative filters',
    spec: makeSpec([28, 28, 1], [L.conv(-32, 3), L.flatten(), softmax10]),
    code: 'bad-value',
    layerIndex: 1,
    text: 'Conv2D 1: filters must be a positive whole number, got −32; use e.g. filters=32',
  },
  {
    title: 'unknown activation',
    spec: makeSpec([28, 28, 1], [L.flatten(), L.dense(10, 'rleu')]),
    code: 'unknown-activation',
    layerIndex: 2,
    text: "Dense 2: unknown activation 'rleu'; did you mean activation='relu'? (Trainbench knows relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, leaky_relu)",
  },
  {
    title: 'dropout rate outside [0, 1)',
    spec: makeSpec([28, 28, 1], [L.flatten(), { className: 'Dropout', args: { rate: 1.5 } }, softmax10]),
    code: 'bad-value',
    layerIndex: 2,
    text: 'Dropout 2: rate 1.5 is outside [0, 1); rate is the fraction of inputs dropped: use a value from 0 up to (not including) 1, e.g. rate=0.5',
  },
  {
    title: 'padding misspelt',
    spec: makeSpec([28, 28, 1], [L.conv(8, 3, { padding: 'smae' }), L.flatten(), softmax10]),
    code: 'bad-value',
    layerIndex: 1,
    text: "Conv2D 1: padding must be 'valid' or 'same', got 'smae'; did you mean padding='same'?",
  },
  {
    title: 'required argument missing',
    spec: makeSpec([28, 28, 1], [L.flatten(), { className: 'Dense', args: { activation: 'softmax' } }]),
    code: 'missing-argument',
    layerIndex: 2,
    text: 'Dense 2: units is required; give units (use e.g. units=128)',
  },
  {
    title: 'empty model',
    spec: makeSpec([28, 28, 1], []),
    code: 'empty-model',
    layerIndex: null,
    text: "Model: has no layers; add layers, e.g. Flatten() and Dense(10, activation='softmax'), or start from a template",
  },
  {
    title: 'missing input shape',
    spec: makeSpec([], [L.flatten(), softmax10]),
    code: 'missing-input-shape',
    layerIndex: null,
    text: 'Model: no input shape; give the first layer input_shape=(...) or start with keras.Input(shape=(...)), e.g. (28, 28, 1) for images or (10, 8) for sequences',
  },
  {
    title: 'unknown layer class',
    spec: makeSpec([28, 28, 1], [{ className: 'Conv1D', args: {} } as unknown as ModelSpec['layers'][number], L.flatten(), softmax10]),
    code: 'unknown-layer',
    layerIndex: 1,
    text: "Conv1D 1: unknown layer class 'Conv1D'; did you mean Conv2D? (Trainbench has Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dense, Dropout, BatchNormalization, GlobalAveragePooling2D, SimpleRNN, LSTM, GRU)",
  },
  {
    title: 'two layers with one name',
    spec: makeSpec([28, 28, 1], [{ className: 'Flatten', name: 'x', args: {} }, { className: 'Dense', name: 'x', args: { units: 10, activation: 'softmax' } }]),
    code: 'duplicate-name',
    layerIndex: 2,
    text: "Dense 2: the name 'x' is already used by layer 1; give each layer its own name, or leave name out for the Keras auto-name",
  },
  {
    title: 'misspelt optimizer',
    spec: withCompile(makeSpec([4], [softmax10]), { optimizer: { name: 'adma', learning_rate: 0.001 }, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] }),
    code: 'bad-compile',
    layerIndex: null,
    text: "compile: unknown optimizer 'adma'; did you mean 'adam'? (adam, sgd, rmsprop, adagrad)",
  },
  {
    title: 'zero epochs',
    spec: withFit(makeSpec([4], [softmax10]), { epochs: 0 }),
    code: 'bad-fit',
    layerIndex: null,
    text: 'fit: epochs must be a positive whole number, got 0; use e.g. epochs=5',
  },
  {
    title: 'binary_crossentropy on relu',
    spec: makeSpec([8], [L.dense(1, 'relu')], 'binary_crossentropy'),
    code: 'loss-mismatch',
    layerIndex: 1,
    text: "Dense 1: binary_crossentropy expects probabilities in [0, 1], but the last layer (dense) outputs relu values; use activation='sigmoid' on the last layer",
  },
  {
    title: 'BatchNormalization axis out of range',
    spec: makeSpec([28, 28, 1], [{ className: 'BatchNormalization', args: { axis: 5 } }, L.flatten(), softmax10]),
    code: 'bad-value',
    layerIndex: 1,
    text: 'BatchNormalization 1: axis 5 does not exist in its input (None, 28, 28, 1); use axis=-1 (the channels)',
  },
];

describe('invalid models', () => {
  it('has at least 20 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('$title', ({ spec, code, layerIndex, text }) => {
    const analysis = analyzeModel(spec);
    expect(analysis.ok).toBe(false);
    expect(analysis.resolved).toBeNull();
    expect(analysis.issues.map(formatIssue)).toEqual([text]);
    const [issue] = analysis.issues;
    expect(issue?.code).toBe(code);
    expect(issue?.layerIndex).toBe(layerIndex);
    if (layerIndex !== null && code !== 'unknown-layer') {
      expect(issue?.className).toBe(spec.layers[layerIndex - 1]?.className);
      expect(issue?.layerName).toBeTruthy();
    }
    // resolveModel refuses the same model with the same issues.
    let thrown: unknown;
    try {
      resolveModel(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect(isSpecError(thrown)).toBe(true);
    expect((thrown as SpecError).name).toBe('SpecError');
    expect((thrown as SpecError).details).toEqual(analysis.issues);
    expect((thrown as SpecError).message).toContain(text);
  });

  it('reports every problem at once, and stops shape inference only after the break', () => {
    const spec = makeSpec([28, 28, 1], [L.conv(8, 30), L.dense(10, 'rleu'), { className: 'Dropout', args: { rate: -1 } }]);
    const analysis = analyzeModel(spec);
    expect(analysis.issues.map((i) => i.code)).toEqual(['kernel-too-large', 'unknown-activation', 'bad-value']);
    expect(analysis.layers.map((l) => l.outputShape)).toEqual([null, null, null]);
  });

  it('never throws on garbage input', () => {
    for (const value of [null, undefined, 42, 'model', [], { layers: 'x' }, { layers: [null, 3, { className: 'Dense', args: 'x' }] }]) {
      const analysis = analyzeModel(value as unknown as ModelSpec);
      expect(analysis.ok).toBe(false);
      expect(analysis.issues.length).toBeGreaterThan(0);
    }
  });
});
