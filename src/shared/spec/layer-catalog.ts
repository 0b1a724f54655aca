// The catalog of every layer Trainbench models, keyed by Keras class name. Defaults, positional
// order and shape/parameter rules live in the per-family files; everything else reads them here.
import type { LayerClassName } from './model-spec';
import type { LayerDefinition } from './layer-definition';
import { CONVOLUTION_LAYERS } from './layer-catalog-convolution';
import { CORE_LAYERS } from './layer-catalog-core';
import { RECURRENT_LAYERS } from './layer-catalog-recurrent';

export const LAYER_CATALOG: ReadonlyMap<string, LayerDefinition> = new Map(
  [...CONVOLUTION_LAYERS, ...CORE_LAYERS, ...RECURRENT_LAYERS].map((d) => [d.className, d]),
);

export function getLayerDefinition(className: string): LayerDefinition | undefined {
  return LAYER_CATALOG.get(className);
}

/** Keras's defaults for a layer class, e.g. { strides: [1, 1], padding: 'valid', ... }. */
export function layerDefaults(className: LayerClassName): Record<string, unknown> {
  const def = LAYER_CATALOG.get(className);
  const out: Record<string, unknown> = {};
  for (const arg of def?.args ?? []) if (!arg.required) out[arg.name] = arg.default;
  return out;
}

export type { LayerDefinition } from './layer-definition';
