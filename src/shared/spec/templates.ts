// Starting points for the editor and the CLI: the two reference models exactly as in the
// founding notes, the CNN at Fashion-MNIST's (28, 28, 1), LSTM(128) and GRU(128) reading
// Fashion-MNIST rows as timesteps, and an empty model.
import type { DatasetSource } from '../dataset/dataset-source';
import { DEFAULT_COMPILE, DEFAULT_FIT, MODEL_SPEC_FORMAT, MODEL_SPEC_VERSION, type LayerSpec, type ModelSpec } from './model-spec';

export const TEMPLATE_IDS = ['reference-cnn', 'fashion-cnn', 'reference-rnn', 'lstm-fashion', 'gru-fashion', 'empty'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface ModelTemplate {
  id: TemplateId;
  title: string;
  description: string;
  spec: ModelSpec;
  /** The data the template is meant for, when there is one. */
  dataset?: DatasetSource;
}

function spec(name: string, inputShape: number[], layers: LayerSpec[], overrides: Partial<Pick<ModelSpec, 'compile' | 'fit'>> = {}): ModelSpec {
  return {
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name,
    input_shape: inputShape,
    layers,
    compile: overrides.compile ?? { ...DEFAULT_COMPILE, optimizer: { ...DEFAULT_COMPILE.optimizer }, metrics: [...DEFAULT_COMPILE.metrics] },
    fit: overrides.fit ?? { ...DEFAULT_FIT },
  };
}

/** The reference CNN's layers as the notes write them (input shape given separately). */
function referenceCnnLayers(): LayerSpec[] {
  return [
    { className: 'Conv2D', args: { filters: 32, kernel_size: [3, 3], activation: 'relu' } },
    { className: 'MaxPooling2D', args: { pool_size: [2, 2] } },
    { className: 'Conv2D', args: { filters: 64, kernel_size: [3, 3], activation: 'relu' } },
    { className: 'MaxPooling2D', args: { pool_size: [2, 2] } },
    { className: 'Flatten', args: {} },
    { className: 'Dense', args: { units: 128, activation: 'relu' } },
    { className: 'Dense', args: { units: 10, activation: 'softmax' } },
  ];
}

const FASHION: DatasetSource = { kind: 'fashion-mnist' };
const FASHION_FIT = { ...DEFAULT_FIT, epochs: 5, batch_size: 32, validation_split: 0.1 };

function recurrentFashion(className: 'LSTM' | 'GRU', name: string): ModelSpec {
  return spec(
    name,
    [28, 28],
    [
      { className, args: { units: 128 } },
      { className: 'Dense', args: { units: 10, activation: 'softmax' } },
    ],
    { fit: { ...FASHION_FIT } },
  );
}

const ALL: ModelTemplate[] = [
  {
    id: 'reference-cnn',
    title: 'Reference CNN (64×64×3)',
    description: 'The CNN from the founding notes: two Conv2D + MaxPooling2D blocks, Flatten, Dense(128), Dense(10, softmax); 1,626,442 parameters.',
    spec: spec('reference_cnn', [64, 64, 3], referenceCnnLayers()),
  },
  {
    id: 'fashion-cnn',
    title: 'Fashion-MNIST CNN (28×28×1)',
    description: 'The reference CNN at input_shape=(28, 28, 1), for Fashion-MNIST.',
    spec: spec('fashion_cnn', [28, 28, 1], referenceCnnLayers(), { fit: { ...FASHION_FIT } }),
    dataset: FASHION,
  },
  {
    id: 'reference-rnn',
    title: 'Reference RNN (SimpleRNN on 10×8)',
    description: 'SimpleRNN(32) over 10 timesteps of 8 features and Dense(1, sigmoid) on random binary labels; 1,345 parameters.',
    spec: spec(
      'reference_rnn',
      [10, 8],
      [
        { className: 'SimpleRNN', args: { units: 32, activation: 'tanh' } },
        { className: 'Dense', args: { units: 1, activation: 'sigmoid' } },
      ],
      {
        compile: { optimizer: { name: 'adam', learning_rate: 0.001 }, loss: 'binary_crossentropy', metrics: ['accuracy'] },
        fit: { ...DEFAULT_FIT, epochs: 5, batch_size: 16 },
      },
    ),
    dataset: { kind: 'random', samples: 100 },
  },
  {
    id: 'lstm-fashion',
    title: 'LSTM(128) over Fashion-MNIST rows',
    description: 'Reads each 28×28 image as 28 timesteps of 28 pixels; LSTM(128) then Dense(10, softmax).',
    spec: recurrentFashion('LSTM', 'lstm_fashion'),
    dataset: FASHION,
  },
  {
    id: 'gru-fashion',
    title: 'GRU(128) over Fashion-MNIST rows',
    description: 'As the LSTM template with GRU(128) (Keras reset_after=True).',
    spec: recurrentFashion('GRU', 'gru_fashion'),
    dataset: FASHION,
  },
  {
    id: 'empty',
    title: 'Empty model',
    description: 'No layers yet; input shape (28, 28, 1).',
    spec: spec('untitled', [28, 28, 1], []),
  },
];

export const TEMPLATES: Readonly<Record<TemplateId, ModelTemplate>> = Object.fromEntries(ALL.map((t) => [t.id, t])) as Record<TemplateId, ModelTemplate>;

/** A fresh copy of a template (safe to edit). */
export function getTemplate(id: TemplateId): ModelTemplate {
  return structuredClone(TEMPLATES[id]);
}
