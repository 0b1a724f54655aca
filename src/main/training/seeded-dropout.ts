// Keras's Dropout, reproducible: tfjs's Dropout reuses one fixed seed on every call (the same
// mask each batch) or Math.random without one; this draws a fresh, seed-derived mask per call.
// It serializes as a plain 'Dropout', so saved models load anywhere without this class.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from './seeded-random';

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name: string;
  /** Set when Dropout is the model's first layer. */
  inputShape?: number[];
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name, ...(args.inputShape ? { inputShape: args.inputShape } : {}) });
    this.rate = Math.min(Math.max(args.rate, 0), 1);
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  /** Moves the mask sequence on, e.g. to the step a resumed run starts from. */
  setCallCount(calls: number): void {
    this.calls = calls;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    const seed = deriveSeed(this.seed, this.calls++);
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, noiseShape: null, seed: this.seed };
  }
}
