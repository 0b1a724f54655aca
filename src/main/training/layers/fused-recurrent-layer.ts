// Keras-compatible SimpleRNN, LSTM and GRU (reset_after=True) layers whose whole sequence runs as
// one fused, hand-differentiated op. Weights keep Keras's layout and names (kernel,
// recurrent_kernel, bias) so export and import can map them one to one. Serializable by className.
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../../shared/spec/model-spec';
import { gruSequence } from './gru-sequence';
import { lstmSequence, type RecurrentSequenceOptions } from './lstm-sequence';
import { simpleRnnSequence } from './simple-rnn-sequence';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Record<string, unknown>;

export type RecurrentCellKind = 'SimpleRNN' | 'LSTM' | 'GRU';

export interface FusedRecurrentArgs extends LayerArgs {
  units: number;
  /** Keras: tanh. */
  activation?: Activation;
  /** LSTM and GRU; Keras: sigmoid. Ignored by SimpleRNN. */
  recurrentActivation?: Activation;
  useBias?: boolean;
  returnSequences?: boolean;
  dropout?: number;
  recurrentDropout?: number;
  /** Seed for the kernel (glorot_uniform) and recurrent kernel (orthogonal) initializers. */
  seed?: number;
}

const GATES: Record<RecurrentCellKind, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

/** Orthogonal init logs a warning for matrices over 2000 elements; Keras does the same silently. */
function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Orthogonal initializer')) return;
    warn(...args);
  };
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

export abstract class FusedRecurrentLayer extends tf.layers.Layer {
  protected abstract readonly cell: RecurrentCellKind;
  readonly units: number;
  readonly activation: Activation;
  readonly recurrentActivation: Activation;
  readonly useBias: boolean;
  readonly returnSequences: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: FusedRecurrentArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units <= 0) throw new Error(`units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.activation = args.activation ?? 'tanh';
    this.recurrentActivation = args.recurrentActivation ?? 'sigmoid';
    this.useBias = args.useBias ?? true;
    this.returnSequences = args.returnSequences ?? false;
    this.dropout = Math.min(1, Math.max(0, args.dropout ?? 0));
    this.recurrentDropout = Math.min(1, Math.max(0, args.recurrentDropout ?? 0));
    this.seed = args.seed;
    this.supportsMasking = false;
  }

  /** Bias shape; GRU with reset_after=True keeps input and recurrent bias as two rows. */
  protected biasShape(): number[] {
    return [GATES[this.cell] * this.units];
  }

  /** Extra initial bias, e.g. LSTM's unit_forget_bias (ones on the forget gate). */
  protected initialBias(): tf.Tensor | null {
    return null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (shape.length !== 3 || typeof features !== 'number') {
      throw new Error(`${this.cell} '${this.name}' expects input (batch, timesteps, features), got (${shape.join(', ')})`);
    }
    const width = GATES[this.cell] * this.units;
    const seed = this.seed;
    this.kernel = this.addWeight('kernel', [features, width], 'float32', tf.initializers.glorotUniform(seed === undefined ? {} : { seed }));
    this.recurrentKernel = quietly(() =>
      this.addWeight('recurrent_kernel', [this.units, width], 'float32', tf.initializers.orthogonal(seed === undefined ? { gain: 1 } : { gain: 1, seed: seed + 1 })),
    );
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.biasShape(), 'float32', tf.initializers.zeros());
      const initial = this.initialBias();
      if (initial) {
        this.bias.write(initial);
        initial.dispose();
      }
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0] ?? null, shape[1] ?? null, this.units] : [shape[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const training = kwargs['training'] === true;
      const [b, , features] = x.shape;
      let xIn = x;
      if (training && this.dropout > 0 && this.dropout < 1) {
        // Keras: one mask per sample and feature, shared by every time step.
        const mask = tf.dropout(tf.ones([b, 1, features]), this.dropout);
        xIn = tf.mul(x, mask);
      }
      const recurrentMask = training && this.recurrentDropout > 0 && this.recurrentDropout < 1 ? tf.dropout(tf.ones([b, this.units]), this.recurrentDropout) : null;
      const options: RecurrentSequenceOptions = {
        activation: this.activation,
        recurrentActivation: this.recurrentActivation,
        returnSequences: this.returnSequences,
        recurrentMask,
      };
      const kernel = this.kernel!.read() as tf.Tensor2D;
      const recurrentKernel = this.recurrentKernel!.read() as tf.Tensor2D;
      const bias = this.bias ? this.bias.read() : null;
      switch (this.cell) {
        case 'LSTM':
          return lstmSequence(xIn, kernel, recurrentKernel, bias as tf.Tensor1D | null, options);
        case 'GRU':
          return gruSequence(xIn, kernel, recurrentKernel, bias as tf.Tensor2D | null, options);
        case 'SimpleRNN':
          return simpleRnnSequence(xIn, kernel, recurrentKernel, bias as tf.Tensor1D | null, options);
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      units: this.units,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      useBias: this.useBias,
      returnSequences: this.returnSequences,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return { ...config, ...super.getConfig() };
  }
}

export class TrainbenchSimpleRNN extends FusedRecurrentLayer {
  static className = 'TrainbenchSimpleRNN';
  protected readonly cell = 'SimpleRNN' as const;
}

export class TrainbenchLSTM extends FusedRecurrentLayer {
  static className = 'TrainbenchLSTM';
  protected readonly cell = 'LSTM' as const;

  /** Keras's unit_forget_bias=True: the forget gate's bias starts at one. */
  protected override initialBias(): tf.Tensor {
    const u = this.units;
    return tf.concat([tf.zeros([u]), tf.ones([u]), tf.zeros([2 * u])]);
  }
}

/** Keras GRU with reset_after=True (Keras 2.x/3.x default), which tfjs's GRU cannot do. */
export class TrainbenchGRU extends FusedRecurrentLayer {
  static className = 'TrainbenchGRU';
  protected readonly cell = 'GRU' as const;

  protected override biasShape(): number[] {
    return [2, 3 * this.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resetAfter: true };
  }
}

tf.serialization.registerClass(TrainbenchSimpleRNN);
tf.serialization.registerClass(TrainbenchLSTM);
tf.serialization.registerClass(TrainbenchGRU);
