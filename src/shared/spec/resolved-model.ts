// The model after validation: every layer resolved (defaults filled, shapes, parameters) and the
// totals Keras's summary prints. Training, export and the code writer read this.
import type { ModelSpec } from './model-spec';
import type { ResolvedLayer } from './resolved-layer';

export interface ResolvedModel {
  spec: ModelSpec;
  inputShape: number[];
  layers: ResolvedLayer[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}
