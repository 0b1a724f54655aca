// A trained model as a Keras 3 `.keras` file: a zip of metadata.json, config.json and
// model.weights.h5, laid out as Keras 3's saving_lib writes it (targets Keras 3.x, loaded by
// `keras.saving.load_model`). The h5 is written with h5wasm, the zip with fflate.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import h5wasm from 'h5wasm/node';
import type { ResolvedModel } from '../../shared/spec/resolve-model';
import type { ResolvedLayer } from '../../shared/spec/resolved-layer';
import { ExportError } from './export-errors';
import { KERAS_TARGET_VERSION, kerasModelConfig, kerasWeightPaths } from './keras-config';
import { weightRoles, type LayerWithWeights, type WeightArray } from './layer-weights';

export const KERAS_WEIGHTS_FILE = 'model.weights.h5';

/** The shape Keras 3 gives each of a layer's variables, in saving order. */
export function kerasWeightShapes(layer: ResolvedLayer): number[][] {
  const inDim = layer.inputShape[layer.inputShape.length - 1] as number;
  switch (layer.className) {
    case 'Conv2D':
      return [[...layer.kernel_size, inDim, layer.filters], ...(layer.use_bias ? [[layer.filters]] : [])];
    case 'Dense':
      return [[inDim, layer.units], ...(layer.use_bias ? [[layer.units]] : [])];
    case 'BatchNormalization':
      return weightRoles(layer).map(() => [inDim]);
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      const gates = layer.className === 'LSTM' ? 4 : layer.className === 'GRU' ? 3 : 1;
      const width = gates * layer.units;
      const bias = layer.className === 'GRU' && layer.reset_after ? [2, width] : [width];
      return [[inDim, width], [layer.units, width], ...(layer.use_bias ? [bias] : [])];
    }
    default:
      return [];
  }
}

/** Keras's `date_saved` format: 2026-11-25@08:37:32 (local time, as Python's datetime.now()). */
function kerasDate(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}@${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** Writes model.weights.h5 to `h5Path`: root vars, then layers/<class-name>[_n]/(cell/)vars/<i>. */
export async function writeKerasWeightsH5(h5Path: string, layers: LayerWithWeights[]): Promise<void> {
  await h5wasm.ready;
  const file = new h5wasm.File(h5Path, 'w');
  try {
    file.create_group('vars');
    const layersGroup = file.create_group('layers');
    for (const { layer, path, varsPath } of kerasWeightPaths(layers.map((l) => l.layer))) {
      const entry = layers.find((l) => l.layer === layer) as LayerWithWeights;
      const group = layersGroup.create_group(path.slice('layers/'.length));
      group.create_group('vars');
      const target = varsPath.endsWith('/cell/vars') ? group.create_group('cell').create_group('vars') : (file.get(varsPath) as InstanceType<typeof h5wasm.Group>);
      const shapes = kerasWeightShapes(layer);
      weightRoles(layer).forEach((role, i) => {
        const w: WeightArray | undefined = entry.weights[role];
        const shape = shapes[i] as number[];
        const count = shape.reduce((a, b) => a * b, 1);
        if (!w || w.values.length !== count) {
          throw new ExportError(
            `Layer '${layer.name}': its ${role} has ${w?.values.length ?? 0} values, Keras expects shape (${shape.join(', ')}).`,
            { code: 'unsupported', layer: layer.name },
          );
        }
        target.create_dataset({ name: String(i), data: w.values, shape, dtype: '<f' });
      });
    }
  } finally {
    file.close();
  }
}

/** The `.keras` bytes for a trained model. */
export async function buildKerasArchive(resolved: ResolvedModel, layers: LayerWithWeights[], date = new Date()): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'trainbench-keras-'));
  try {
    const h5Path = join(dir, KERAS_WEIGHTS_FILE);
    await writeKerasWeightsH5(h5Path, layers);
    const metadata = { keras_version: KERAS_TARGET_VERSION, date_saved: kerasDate(date) };
    return zipSync(
      {
        'metadata.json': strToU8(JSON.stringify(metadata)),
        'config.json': strToU8(JSON.stringify(kerasModelConfig(resolved))),
        // Stored, not deflated, as Keras writes it: h5py then seeks inside the member cheaply.
        [KERAS_WEIGHTS_FILE]: [new Uint8Array(readFileSync(h5Path)), { level: 0 }],
      },
      { level: 6 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
