// Keras's layer names: a given name= is kept; the others get the class's prefix, the first
// bare (conv2d, dense) and the next ones numbered (conv2d_1, dense_1), skipping given names.
import { getLayerDefinition } from './layer-catalog';

/** Keras's auto-name prefix for a class: the catalog's, else Keras's snake_case rule. */
export function autoNamePrefix(className: string): string {
  return getLayerDefinition(className)?.autoName ?? className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function assignLayerNames(layers: ReadonlyArray<{ className: string; name?: string | undefined }>): string[] {
  const taken = new Set(layers.map((l) => l.name).filter((n): n is string => typeof n === 'string' && n.length > 0));
  const counters = new Map<string, number>();
  return layers.map((layer) => {
    if (typeof layer.name === 'string' && layer.name.length > 0) return layer.name;
    const prefix = autoNamePrefix(layer.className);
    let n = counters.get(prefix) ?? 0;
    let name = n === 0 ? prefix : `${prefix}_${n}`;
    while (taken.has(name)) {
      n += 1;
      name = `${prefix}_${n}`;
    }
    counters.set(prefix, n + 1);
    taken.add(name);
    return name;
  });
}
