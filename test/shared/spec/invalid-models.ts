// Shared by the spec tests: a helper to build a spec from a few layers, kept out of *.test.ts
// so several test files can use it.
import { DEFAULT_COMPILE, DEFAULT_FIT, type LayerSpec, type LossName, type ModelSpec } from '../../../src/shared/spec/model-spec';

export function makeSpec(inputShape: number[], layers: LayerSpec[], loss: LossName = 'sparse_categorical_crossentropy'): ModelSpec {
  return {
    format: 'trainbench.model',
    version: 1,
    name: 'test_model',
    input_shape: inputShape,
    layers,
    compile: { ...DEFAULT_COMPILE, optimizer: { ...DEFAULT_COMPILE.optimizer }, loss, metrics: ['accuracy'] },
    fit: { ...DEFAULT_FIT },
  };
}

export const L = {
  conv: (filters: number, kernel: number | [number, number], extra: Record<string, unknown> = {}): LayerSpec => ({ className: 'Conv2D', args: { filters, kernel_size: kernel, activation: 'relu', ...extra } }),
  maxPool: (size: number | [number, number] = 2, extra: Record<string, unknown> = {}): LayerSpec => ({ className: 'MaxPooling2D', args: { pool_size: size, ...extra } }),
  flatten: (): LayerSpec => ({ className: 'Flatten', args: {} }),
  dense: (units: number, activation = 'relu', extra: Record<string, unknown> = {}): LayerSpec => ({ className: 'Dense', args: { units, activation, ...extra } }),
  lstm: (units: number, extra: Record<string, unknown> = {}): LayerSpec => ({ className: 'LSTM', args: { units, ...extra } }),
  gru: (units: number, extra: Record<string, unknown> = {}): LayerSpec => ({ className: 'GRU', args: { units, ...extra } }),
  rnn: (units: number, extra: Record<string, unknown> = {}): LayerSpec => ({ className: 'SimpleRNN', args: { units, ...extra } }),
};
