// Activations for the recurrent cells, and for those whose derivative follows from the output
// alone (tanh, sigmoid, relu, linear) that derivative, which the fused backward pass needs.
// Other activations run through autodiff instead (see canFuse).
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../../shared/spec/model-spec';

const FUSABLE = new Set<Activation>(['tanh', 'sigmoid', 'relu', 'linear']);

export function canFuseActivation(activation: Activation): boolean {
  return FUSABLE.has(activation);
}

/** Keras activation by name; leaky_relu uses Keras's activation slope 0.2. */
export function activate(activation: Activation, x: tf.Tensor): tf.Tensor {
  switch (activation) {
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'relu':
      return tf.relu(x);
    case 'linear':
      return x;
    case 'elu':
      return tf.elu(x);
    case 'selu':
      return tf.selu(x);
    case 'softmax':
      return tf.softmax(x);
    case 'leaky_relu':
      return tf.leakyRelu(x, 0.2);
    case 'gelu': {
      // Keras's default gelu (approximate=False): x·Φ(x), Φ via erf.
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    }
  }
}

/** dL/da = dy · f'(a), from y = f(a); only for the fusable activations. */
export function activationGrad(activation: Activation, y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  switch (activation) {
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'linear':
      return dy;
    default:
      throw new Error(`activation '${activation}' has no output-only derivative; the layer must not be fused`);
  }
}
