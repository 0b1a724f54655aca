// writeKerasCode: a ModelSpec as runnable Keras Python (imports, seed, Sequential with
// keras.Input, compile, and fit as a comment since the data is the user's). The args are
// written exactly as the spec holds them, so parseKerasCode(writeKerasCode(spec)) gives the spec back.
import type { LayerSpec, ModelSpec, OptimizerName } from './model-spec';

const OPTIMIZER_CLASS: Record<OptimizerName, string> = { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop', adagrad: 'Adagrad' };

/** Arguments written positionally, the way Keras users write them: Conv2D(32, (3, 3)), Dense(10). */
const POSITIONAL: Record<string, string[]> = {
  Conv2D: ['filters', 'kernel_size'],
  Dense: ['units'],
  Dropout: ['rate'],
  SimpleRNN: ['units'],
  LSTM: ['units'],
  GRU: ['units'],
};

function pyString(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `'${body}'`;
}

/** A JSON value as a Python literal: tuples for arrays, True/False/None. */
export function pyValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
    return String(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return value.length === 1 ? `(${pyValue(value[0])},)` : `(${value.map(pyValue).join(', ')})`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyString(k)}: ${pyValue(v)}`).join(', ')}}`;
  }
  return pyString(JSON.stringify(value) ?? '');
}

function layerCode(layer: LayerSpec): string {
  const args = layer.args ?? {};
  const parts: string[] = [];
  const leading = POSITIONAL[layer.className] ?? [];
  const written = new Set<string>();
  for (const name of leading) {
    if (!Object.prototype.hasOwnProperty.call(args, name)) break;
    parts.push(pyValue(args[name]));
    written.add(name);
  }
  for (const [name, value] of Object.entries(args)) {
    if (written.has(name) || value === undefined) continue;
    parts.push(`${name}=${pyValue(value)}`);
  }
  if (layer.name !== undefined) parts.push(`name=${pyString(layer.name)}`);
  return `layers.${layer.className}(${parts.join(', ')})`;
}

export function writeKerasCode(spec: ModelSpec): string {
  const items: string[] = [];
  if (spec.input_shape.length > 0) items.push(`keras.Input(shape=${pyValue(spec.input_shape)})`);
  for (const layer of spec.layers) items.push(layerCode(layer));
  const opt = spec.compile.optimizer;
  const optArgs = [`learning_rate=${pyValue(opt.learning_rate)}`];
  if (opt.momentum !== undefined) optArgs.push(`momentum=${pyValue(opt.momentum)}`);
  const fit = spec.fit;
  const lines = [
    `# ${spec.name}: written by Trainbench. Keras 2.x/3.x (TensorFlow).`,
    'import tensorflow as tf',
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    '',
    `keras.utils.set_random_seed(${pyValue(fit.seed)})`,
    '',
    'model = keras.Sequential([',
    ...items.map((item) => `    ${item},`),
    `], name=${pyString(spec.name)})`,
    '',
    'model.compile(',
    `    optimizer=keras.optimizers.${OPTIMIZER_CLASS[opt.name] ?? opt.name}(${optArgs.join(', ')}),`,
    `    loss=${pyString(spec.compile.loss)},`,
    `    metrics=[${spec.compile.metrics.map(pyString).join(', ')}],`,
    ')',
    '',
    '# Train on your data (x_train, y_train) with the settings Trainbench uses:',
    `# model.fit(x_train, y_train, epochs=${pyValue(fit.epochs)}, batch_size=${pyValue(fit.batch_size)}, validation_split=${pyValue(fit.validation_split)}, shuffle=${pyValue(fit.shuffle)})`,
    '',
  ];
  return lines.join('\n');
}
