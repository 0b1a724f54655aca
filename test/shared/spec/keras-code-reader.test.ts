// parseKerasCode on the two reference examples exactly as written, and on the other ways Keras
// users write the same model; lines outside the model listed with their numbers, and code
// outside the subset refused with line and column.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKerasCode } from '../../../src/shared/spec/keras-code-reader';
import { KerasParseError } from '../../../src/shared/spec/keras-parse-error';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { TEMPLATES } from '../../../src/shared/spec/templates';

// The founding notes sit beside the checkout (../shared), in CI's clone as in a developer's.
const REFERENCE_MODELS = join(import.meta.dirname, '../../../../shared/reference-models.md');
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const CNN = fixture('reference-cnn.py');
const RNN = fixture('reference-rnn.py');

function parseError(source: string): KerasParseError {
  try {
    parseKerasCode(source);
  } catch (error) {
    expect(error).toBeInstanceOf(KerasParseError);
    return error as KerasParseError;
  }
  throw new Error('expected a KerasParseError');
}

describe('parseKerasCode: the reference examples', () => {
  it.skipIf(!existsSync(REFERENCE_MODELS))('fixtures are the examples of reference-models.md verbatim', () => {
    const md = readFileSync(REFERENCE_MODELS, 'utf8');
    const blocks = [...md.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual([CNN, RNN]);
  });

  it('reads the CNN example into the reference-cnn template', () => {
    const result = parseKerasCode(CNN);
    const template = TEMPLATES['reference-cnn'].spec;
    expect(result.spec).toEqual({ ...template, name: 'sequential' });
    expect(result.notImported).toEqual([{ line: 20, text: 'model.summary()', reason: 'model.summary() only prints; Trainbench shows the summary itself' }]);
    expect(result.dataset).toBeUndefined();
    expect(resolveModel(result.spec).totalParams).toBe(1_626_442);
  });

  it('reads the RNN example: model, compile, fit, random data; lists the rest with line numbers', () => {
    const result = parseKerasCode(RNN);
    expect(result.spec).toEqual({ ...TEMPLATES['reference-rnn'].spec, name: 'sequential' });
    expect(result.dataset).toEqual({ kind: 'random', samples: 100 });
    expect(result.notImported.map((n) => [n.line, n.text])).toEqual([
      [6, 'X = tf.random.normal([100, 10, 8])  # 100 samples, 10 timesteps, 8 features'],
      [7, 'y = tf.random.uniform([100], maxval=2, dtype=tf.int32)  # Binary labels'],
      [22, 'loss, accuracy = model.evaluate(X, y)'],
      [23, 'print(f"Accuracy: {accuracy}")'],
    ]);
    expect(result.notImported[0]?.reason).toContain("dataset kind 'random'");
    expect(resolveModel(result.spec).totalParams).toBe(1345);
  });
});

describe('parseKerasCode: other spellings', () => {
  it('reads model.add, keras.Input, qualified names, positional args and optimizer objects', () => {
    const source = [
      'import tensorflow as tf',
      'from tensorflow import keras',
      'from keras import layers',
      'NUM_CLASSES = 10',
      'model = keras.Sequential(name="fashion")',
      'model.add(keras.Input(shape=(28, 28, 1)))',
      "model.add(layers.Conv2D(16, 3, strides=(2, 2), padding='same', activation=tf.nn.relu))",
      'model.add(tf.keras.layers.BatchNormalization())',
      'model.add(keras.layers.GlobalAveragePooling2D())',
      'model.add(layers.Dropout(0.25))',
      "model.add(layers.Dense(NUM_CLASSES, 'softmax', name='head'))",
      'model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-2, momentum=0.9),',
      "              loss=keras.losses.SparseCategoricalCrossentropy(), metrics=['acc'])",
      'model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.2, shuffle=False, verbose=2)',
      'keras.utils.set_random_seed(7)',
    ].join('\n');
    const { spec, notImported } = parseKerasCode(source);
    expect(spec.name).toBe('fashion');
    expect(spec.input_shape).toEqual([28, 28, 1]);
    expect(spec.layers).toEqual([
      { className: 'Conv2D', args: { filters: 16, kernel_size: 3, strides: [2, 2], padding: 'same', activation: 'relu' } },
      { className: 'BatchNormalization', args: {} },
      { className: 'GlobalAveragePooling2D', args: {} },
      { className: 'Dropout', args: { rate: 0.25 } },
      { className: 'Dense', name: 'head', args: { units: 10, activation: 'softmax' } },
    ]);
    expect(spec.compile).toEqual({ optimizer: { name: 'sgd', learning_rate: 0.01, momentum: 0.9 }, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    expect(spec.fit).toEqual({ epochs: 3, batch_size: 64, validation_split: 0.2, shuffle: false, seed: 7 });
    expect(notImported).toEqual([{ line: 14, text: expect.stringContaining('model.fit(') as unknown, reason: 'fit(verbose=...) only changes what Keras prints' }]);
    expect(resolveModel(spec).layers.map((l) => l.outputShape)).toEqual([[14, 14, 16], [14, 14, 16], [16], [16], [10]]);
  });

  it('keeps unknown layer arguments in the spec for the analyzer to name', () => {
    const { spec } = parseKerasCode("from tensorflow.keras.layers import Dense\nfrom tensorflow.keras import Sequential\nm = Sequential([Dense(3, activaton='relu', input_shape=(4,))])\nm.compile(loss='mse')\n");
    expect(spec.layers[0]?.args).toEqual({ units: 3, activaton: 'relu' });
    expect(spec.input_shape).toEqual([4]);
    expect(spec.compile).toEqual({ optimizer: { name: 'rmsprop', learning_rate: 0.001 }, loss: 'mse', metrics: [] });
  });

  it('maps Fashion-MNIST loading to the dataset and lists preprocessing and foreign lines', () => {
    const source = [
      'import matplotlib.pyplot as plt',
      'from tensorflow import keras',
      '(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()',
      'x_train = x_train / 255.0',
      'model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation="softmax")])',
      "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])",
      'plt.plot([1, 2])',
      'unused = 3',
    ].join('\n');
    const result = parseKerasCode(source);
    expect(result.dataset).toEqual({ kind: 'fashion-mnist' });
    expect(result.notImported.map((n) => n.line)).toEqual([1, 3, 4, 7, 8]);
    expect(result.notImported[4]?.reason).toBe('unused is not used by the model');
  });

  it('refuses code outside the subset, naming line and column', () => {
    const a = parseError('from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Conv1D(8, 3)])\n');
    expect([a.line, a.column]).toEqual([2, 27]);
    expect(a.message).toContain('Conv1D is not a layer Trainbench supports; did you mean Conv2D?');
    const b = parseError('import keras\nmodel = keras.Sequential()\nmodel.add(keras.layers.Dense(10))\nmodel.train_on_batch(x, y)\n');
    expect([b.line, b.name]).toEqual([4, 'KerasParseError']);
    expect(b.message).toMatch(/^line 4, column 1: this statement is outside the Keras subset/);
    const c = parseError("import keras\nmodel = keras.Sequential([keras.layers.Dense(10)])\nmodel.compile(loss='hinge')\n");
    expect(c.message).toContain("unknown loss 'hinge'");
    expect(parseError('import keras\nx = 1\n').message).toContain('no Keras model found');
    expect(parseError('m = Sequential([Dense(1, 2, 3, 4)])\n').message).toContain('Dense takes at most 3 positional arguments');
  });
});
