// Turns a spec's compile section into tfjs optimizer, loss and metrics with Keras's defaults,
// and shapes label arrays the way each loss wants them (sparse indices, one-hot, 0/1 columns).
import * as tf from '@tensorflow/tfjs';
import type { CompileSpec, LossName, OptimizerSpec } from '../../shared/spec/model-spec';

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const lr = spec.learning_rate;
  switch (spec.name) {
    case 'adam':
      // Keras: beta_1 0.9, beta_2 0.999, epsilon 1e-7.
      return tf.train.adam(lr, 0.9, 0.999, 1e-7);
    case 'sgd':
      return spec.momentum && spec.momentum > 0 ? tf.train.momentum(lr, spec.momentum) : tf.train.sgd(lr);
    case 'rmsprop':
      // Keras: rho 0.9, momentum 0, epsilon 1e-7.
      return tf.train.rmsprop(lr, 0.9, 0, 1e-7);
    case 'adagrad':
      // Keras: initial_accumulator_value 0.1.
      return tf.train.adagrad(lr, 0.1);
  }
}

const TFJS_LOSS: Record<LossName, string> = {
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
};

export function compileModel(model: tf.LayersModel, spec: CompileSpec): void {
  model.compile({
    optimizer: createOptimizer(spec.optimizer),
    loss: TFJS_LOSS[spec.loss],
    metrics: spec.metrics.map((m) => m),
  });
}

/** How labels are laid out for this loss and output width. */
export type LabelLayout = { kind: 'index' } | { kind: 'one-hot'; classes: number } | { kind: 'column'; width: number };

/**
 * sparse CE takes class indices [n,1]; categorical CE takes one-hot rows; mse/mae on a wide
 * output is treated as one-hot regression onto the classes (Keras users do this), else a column.
 */
export function labelLayout(loss: LossName, outputUnits: number): LabelLayout {
  if (loss === 'sparse_categorical_crossentropy') return { kind: 'index' };
  if (loss === 'categorical_crossentropy') return { kind: 'one-hot', classes: outputUnits };
  if ((loss === 'mse' || loss === 'mae') && outputUnits > 1) return { kind: 'one-hot', classes: outputUnits };
  return { kind: 'column', width: outputUnits };
}

/** Label tensor for the samples at `indices` (or all when absent) of a flat label array. */
export function labelTensor(y: Float32Array, layout: LabelLayout, indices?: ArrayLike<number>): tf.Tensor {
  const n = indices ? indices.length : y.length;
  const at = (i: number): number => (indices ? y[indices[i]!]! : y[i]!);
  if (layout.kind === 'one-hot') {
    const buf = new Float32Array(n * layout.classes);
    for (let i = 0; i < n; i++) {
      const c = Math.round(at(i));
      if (c >= 0 && c < layout.classes) buf[i * layout.classes + c] = 1;
    }
    return tf.tensor2d(buf, [n, layout.classes]);
  }
  const width = layout.kind === 'column' ? layout.width : 1;
  const buf = new Float32Array(n * width);
  for (let i = 0; i < n; i++) buf.fill(at(i), i * width, (i + 1) * width);
  return tf.tensor2d(buf, [n, width]);
}
