// Reads a trained tfjs model's weights per resolved layer, by Keras role (kernel, bias, gamma ...),
// as plain Float32Arrays. Every exporter (ONNX, Keras) works from this one view, so none of them
// depends on how the trainer named or ordered its tfjs variables.
import type * as tf from '@tensorflow/tfjs';
import type { ResolvedLayer } from '../../shared/spec/resolved-layer';
import type { ResolvedModel } from '../../shared/spec/resolve-model';
import { ExportError } from './export-errors';

export interface WeightArray {
  shape: number[];
  values: Float32Array;
}

/** Keras role -> array, e.g. { kernel, bias } or { kernel, recurrent_kernel, bias }. */
export type LayerWeightMap = Record<string, WeightArray>;

export interface LayerWithWeights {
  layer: ResolvedLayer;
  weights: LayerWeightMap;
}

/** The Keras weight roles of each class, in Keras's (and tfjs's) variable order. */
export function weightRoles(layer: ResolvedLayer): string[] {
  switch (layer.className) {
    case 'Conv2D':
    case 'Dense':
      return layer.use_bias ? ['kernel', 'bias'] : ['kernel'];
    case 'BatchNormalization':
      return [...(layer.scale ? ['gamma'] : []), ...(layer.center ? ['beta'] : []), 'moving_mean', 'moving_variance'];
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return layer.use_bias ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'recurrent_kernel'];
    default:
      return [];
  }
}

function roleOf(variableName: string): string {
  const last = variableName.split('/').pop() ?? variableName;
  return last.replace(/_\d+$/, '');
}

/**
 * Pairs each resolved layer with the tfjs layer of the same name (the trainer uses Keras
 * names), falling back to position among the weighted layers; checks every shape against the
 * role's expected element count so a mismatch fails here, not as wrong numbers in a file.
 */
export function readLayerWeights(model: tf.LayersModel, resolved: ResolvedModel): LayerWithWeights[] {
  const byName = new Map(model.layers.map((l) => [l.name, l] as const));
  const weighted = model.layers.filter((l) => l.weights.length > 0);
  const wanted = resolved.layers.filter((l) => weightRoles(l).length > 0);
  const out: LayerWithWeights[] = [];
  for (const layer of resolved.layers) {
    const roles = weightRoles(layer);
    if (roles.length === 0) {
      out.push({ layer, weights: {} });
      continue;
    }
    const tfLayer = byName.get(layer.name) ?? (weighted.length === wanted.length ? weighted[wanted.indexOf(layer)] : undefined);
    if (!tfLayer) {
      throw new ExportError(
        `Layer '${layer.name}' (${layer.className} ${layer.index}) has no trained counterpart in the tfjs model; ` +
          'the saved weights do not belong to this spec. Re-train the run or export another run.',
        { code: 'unsupported', layer: layer.name },
      );
    }
    const vars = tfLayer.weights;
    const tensors = tfLayer.getWeights();
    const weights: LayerWeightMap = {};
    const named = vars.map((v) => roleOf(v.originalName ?? v.name));
    const useNames = roles.every((r) => named.includes(r)) && named.length === roles.length;
    roles.forEach((role, i) => {
      const index = useNames ? named.indexOf(role) : i;
      const t = tensors[index];
      if (!t) {
        throw new ExportError(`Layer '${layer.name}' lacks its '${role}' weights (found ${vars.length} variables).`, {
          code: 'unsupported',
          layer: layer.name,
        });
      }
      weights[role] = { shape: t.shape.slice(), values: Float32Array.from(t.dataSync()) };
    });
    const total = Object.values(weights).reduce((s, w) => s + w.values.length, 0);
    const expected = layer.params.trainable + layer.params.nonTrainable;
    if (total !== expected) {
      throw new ExportError(
        `Layer '${layer.name}' holds ${total} weights but its spec needs ${expected}; the saved weights do not match the spec.`,
        { code: 'unsupported', layer: layer.name },
      );
    }
    out.push({ layer, weights });
  }
  return out;
}
