// BatchNormalization that also trains with Keras's center=False or scale=False. tfjs's layer
// reads gamma and beta unconditionally in its training path and crashes without them, so that
// path is done here with tf.moments; with both on, tfjs's own code runs unchanged.
import * as tf from '@tensorflow/tfjs';

interface Readable {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

// tfjs does not export the class itself; take it from an instance.
const BaseBatchNormalization = tf.layers.batchNormalization({}).constructor as {
  new (args: Parameters<typeof tf.layers.batchNormalization>[0]): tf.layers.Layer;
};

export class KerasBatchNormalization extends BaseBatchNormalization {
  // Saved under tfjs's own class name, so any tfjs (and our export) reads it as plain BatchNormalization.
  static readonly className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as {
      center: boolean;
      scale: boolean;
      axis: number;
      momentum: number;
      epsilon: number;
      gamma: Readable | null;
      beta: Readable | null;
      movingMean: Readable;
      movingVariance: Readable;
    };
    if ((self.center && self.scale) || kwargs.training !== true) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axis = self.axis >= 0 ? self.axis : self.axis + x.rank;
      const reduction = [...Array(x.rank).keys()].filter((a) => a !== axis);
      const { mean, variance } = tf.moments(x, reduction);
      const shape = x.shape.map((d, i) => (i === axis ? d : 1));
      // Written out rather than tf.batchNorm: its gradient tape breaks on a missing offset or scale.
      let normed = tf.mul(tf.sub(x, mean.reshape(shape)), tf.rsqrt(tf.add(variance.reshape(shape), self.epsilon)));
      if (self.scale && self.gamma) normed = tf.mul(normed, self.gamma.read().reshape(shape));
      if (self.center && self.beta) normed = tf.add(normed, self.beta.read().reshape(shape));
      const update = (variable: Readable, value: tf.Tensor): void => {
        const current = variable.read();
        variable.write(tf.sub(current, tf.mul(tf.sub(current, value), 1 - self.momentum)));
      };
      update(self.movingMean, mean);
      update(self.movingVariance, variance);
      return normed;
    });
  }
}
