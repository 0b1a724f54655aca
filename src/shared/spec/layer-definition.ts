// The shape of one entry in the layer catalog: Keras's arguments (names, defaults, positional
// order), the input rank it accepts, and a pure build step that infers the output shape,
// counts parameters and writes the arithmetic, or returns issues with the numbers.
import type { LayerClassName } from './model-spec';
import type { ArgDef, IssueDraft } from './layer-args';
import type { ParamCount } from './param-count';
import type { DimArithmetic } from './shape-arithmetic';

export interface LayerContext {
  /** 1-based position. */
  index: number;
  name: string;
  /** Input shape without batch. */
  inputShape: number[];
  /** Every accepted argument, validated, defaults filled. */
  values: Record<string, unknown>;
}

export interface LayerBuild {
  /** The class-specific fields of the ResolvedLayer (className included). */
  fields: Record<string, unknown>;
  outputShape: number[];
  params: ParamCount;
  /** The shape arithmetic after "Conv2D 1: " and before " → (62, 62, 32)". */
  trace: string;
  /** Per spatial dim for conv and pooling layers; null for the others. */
  arithmetic: DimArithmetic[] | null;
}

export type BuildResult = LayerBuild | { issues: IssueDraft[] };

export interface LayerDefinition {
  className: LayerClassName;
  /** Keras's auto-name prefix (conv2d, max_pooling2d, simple_rnn, ...). */
  autoName: string;
  family: 'convolution' | 'core' | 'recurrent';
  doc: string;
  /** Keras's positional argument order, for reading Keras code. */
  positional: string[];
  args: ArgDef[];
  /** Keras arguments that exist but Trainbench does not model (named as such, not as typos). */
  unsupported: string[];
  /** The input rank (without batch) the layer accepts; 'any' means rank ≥ 1. */
  inputRank: 1 | 2 | 3 | 'any';
  build(ctx: LayerContext): BuildResult;
}

export const COMMON_UNSUPPORTED = ['trainable', 'dtype', 'batch_size', 'batch_input_shape'];

/** Initializer, regularizer and constraint arguments of layers with a kernel and a bias: known to Keras, not to Trainbench. */
export const KERNEL_WEIGHT_ARGS = [
  'kernel_initializer',
  'bias_initializer',
  'kernel_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'bias_constraint',
];

export function isBuildFailure(result: BuildResult): result is { issues: IssueDraft[] } {
  return 'issues' in result;
}
