// fast-check generators of valid ModelSpecs (CNN, recurrent and MLP families, every optional
// Keras argument sometimes present), used by the round-trip property tests.
import fc from 'fast-check';
import { ACTIVATIONS, type LayerSpec, type LossName, type ModelSpec, type OptimizerName } from '../../../src/shared/spec/model-spec';
import { analyzeModel } from '../../../src/shared/spec/analyze-model';

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const nonSoftmax = ACTIVATIONS.filter((a) => a !== 'softmax');

function args(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

const pair = (max: number): fc.Arbitrary<number | [number, number]> => fc.oneof(fc.integer({ min: 1, max }), fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max })));

const conv: fc.Arbitrary<LayerSpec> = fc
  .record({
    filters: fc.integer({ min: 1, max: 16 }),
    kernel_size: pair(3),
    strides: maybe(fc.constantFrom<number | [number, number]>(1, [1, 1], 2)),
    padding: maybe(fc.constantFrom('valid', 'same')),
    activation: maybe(fc.constantFrom(...nonSoftmax, null)),
    use_bias: maybe(fc.boolean()),
  })
  .map((a) => ({ className: 'Conv2D', args: args(a) }));

const pool: fc.Arbitrary<LayerSpec> = fc
  .record({ className: fc.constantFrom<'MaxPooling2D' | 'AveragePooling2D'>('MaxPooling2D', 'AveragePooling2D'), pool_size: maybe(pair(2)), padding: maybe(fc.constantFrom('valid', 'same')) })
  .map(({ className, ...a }) => ({ className, args: args(a) }));

const batchNorm: fc.Arbitrary<LayerSpec> = fc
  .record({ momentum: maybe(fc.constantFrom(0.9, 0.99)), epsilon: maybe(fc.constantFrom(0.001, 1e-5)), center: maybe(fc.boolean()), scale: maybe(fc.boolean()) })
  .map((a) => ({ className: 'BatchNormalization', args: args(a) }));

const dropout: fc.Arbitrary<LayerSpec> = fc.constantFrom(0, 0.1, 0.25, 0.5).map((rate) => ({ className: 'Dropout', args: { rate } }));

const hiddenDense: fc.Arbitrary<LayerSpec> = fc
  .record({ units: fc.integer({ min: 1, max: 64 }), activation: maybe(fc.constantFrom(...nonSoftmax)), use_bias: maybe(fc.boolean()) })
  .map((a) => ({ className: 'Dense', args: args(a) }));

function recurrent(returnSequences: boolean): fc.Arbitrary<LayerSpec> {
  return fc
    .record({
      className: fc.constantFrom<'SimpleRNN' | 'LSTM' | 'GRU'>('SimpleRNN', 'LSTM', 'GRU'),
      units: fc.integer({ min: 1, max: 32 }),
      activation: maybe(fc.constantFrom('tanh', 'relu')),
      use_bias: maybe(fc.boolean()),
      dropout: maybe(fc.constantFrom(0, 0.1)),
      recurrent_dropout: maybe(fc.constantFrom(0, 0.2)),
      extra: fc.boolean(),
    })
    .map(({ className, extra, ...a }) => {
      const out: Record<string, unknown> = args(a);
      if (returnSequences) out.return_sequences = true;
      if (extra && className !== 'SimpleRNN') out.recurrent_activation = 'sigmoid';
      if (extra && className === 'GRU') out.reset_after = false;
      return { className, args: out };
    });
}

type Head = { layer: LayerSpec; loss: LossName };
const head: fc.Arbitrary<Head> = fc.oneof(
  fc.record({ units: fc.integer({ min: 2, max: 12 }), loss: fc.constantFrom<LossName>('sparse_categorical_crossentropy', 'categorical_crossentropy') }).map(({ units, loss }): Head => ({ layer: { className: 'Dense', args: { units, activation: 'softmax' } }, loss })),
  fc.integer({ min: 1, max: 4 }).map((units): Head => ({ layer: { className: 'Dense', args: { units, activation: 'sigmoid' } }, loss: 'binary_crossentropy' })),
  fc.record({ units: fc.integer({ min: 1, max: 4 }), loss: fc.constantFrom<LossName>('mse', 'mae') }).map(({ units, loss }): Head => ({ layer: { className: 'Dense', args: { units } }, loss })),
);

const cnnBody = fc.record({
  input: fc.tuple(fc.integer({ min: 12, max: 40 }), fc.integer({ min: 12, max: 40 }), fc.constantFrom(1, 3)),
  blocks: fc.array(fc.tuple(conv, maybe(batchNorm), maybe(pool)), { minLength: 1, maxLength: 3 }),
  reduce: fc.constantFrom<LayerSpec>({ className: 'Flatten', args: {} }, { className: 'GlobalAveragePooling2D', args: {} }),
  dense: maybe(hiddenDense),
  drop: maybe(dropout),
}).map(({ input, blocks, reduce, dense, drop }) => ({
  input: input,
  layers: [...blocks.flatMap((b) => b.filter((l): l is LayerSpec => l !== undefined)), reduce, ...[dense, drop].filter((l): l is LayerSpec => l !== undefined)],
}));

const rnnBody = fc.record({
  input: fc.tuple(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 16 })),
  stacked: fc.array(recurrent(true), { maxLength: 2 }),
  last: recurrent(false),
  dense: maybe(hiddenDense),
}).map(({ input, stacked, last, dense }) => ({ input: input, layers: [...stacked, last, ...(dense ? [dense] : [])] }));

const mlpBody = fc.record({
  input: fc.integer({ min: 1, max: 100 }),
  hidden: fc.array(fc.oneof(hiddenDense, dropout, batchNorm), { maxLength: 4 }),
}).map(({ input, hidden }) => ({ input: [input], layers: hidden }));

const names = fc.array(maybe(fc.constantFrom('a', 'b', 'feature', 'x y', "it's")), { maxLength: 8 });

export const validSpec: fc.Arbitrary<ModelSpec> = fc
  .record({
    body: fc.oneof(cnnBody, rnnBody, mlpBody),
    head,
    names,
    modelName: fc.string({ minLength: 1, maxLength: 20 }),
    optimizer: fc.constantFrom<OptimizerName>('adam', 'sgd', 'rmsprop', 'adagrad'),
    learningRate: fc.constantFrom(0.001, 0.01, 0.0005, 1e-7, 0.1, 3),
    momentum: maybe(fc.constantFrom(0, 0.9, 0.95)),
    metrics: fc.constantFrom<ModelSpec['compile']['metrics']>([], ['accuracy']),
    epochs: fc.integer({ min: 1, max: 50 }),
    batchSize: fc.integer({ min: 1, max: 256 }),
    validationSplit: fc.constantFrom(0, 0.1, 0.2, 0.25),
    shuffle: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((r): ModelSpec => {
    const layers = [...r.body.layers, r.head.layer].map((l, i) => {
      const name = r.names[i];
      return name === undefined ? { ...l, args: { ...l.args } } : { ...l, args: { ...l.args }, name: `${name}_${i}` };
    });
    const optimizer: ModelSpec['compile']['optimizer'] = { name: r.optimizer, learning_rate: r.learningRate };
    if (r.optimizer === 'sgd' && r.momentum !== undefined) optimizer.momentum = r.momentum;
    return {
      format: 'trainbench.model',
      version: 1,
      name: r.modelName,
      input_shape: r.body.input,
      layers,
      compile: { optimizer, loss: r.head.loss, metrics: r.metrics },
      fit: { epochs: r.epochs, batch_size: r.batchSize, validation_split: r.validationSplit, shuffle: r.shuffle, seed: r.seed },
    };
  })
  .filter((spec) => analyzeModel(spec).ok);
