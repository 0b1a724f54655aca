// The .keras export read back two ways: with h5wasm here (config against the spec, every weight
// array against the trained tfjs weights, bit for bit) and with Python's h5py, which finds each
// layer's weights at the path Keras 3's saving_lib derives from config.json.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import h5wasm from 'h5wasm/node';
import type * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readLayerWeights } from '../../../src/main/export/layer-weights';
import { KERAS_TARGET_VERSION, kerasSnakeCase } from '../../../src/main/export/keras-config';
import { buildKerasArchive } from '../../../src/main/export/keras-export';
import type { ResolvedModel } from '../../../src/shared/spec/resolve-model';
import { trainedModel, type ModelCase } from './trained-models';

const dir = mkdtempSync(join(tmpdir(), 'tb-keras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const READER = fileURLToPath(new URL('./python/read_keras_file.py', import.meta.url));
const h5py = spawnSync('/usr/bin/python3', ['-c', 'import h5py'], { encoding: 'utf8' });
const hasH5py = h5py.status === 0;

type Json = Record<string, unknown>;

/** The trained tfjs weights of each resolved layer, in Keras order, straight from the tfjs layer. */
function tfjsWeights(model: tf.LayersModel, resolved: ResolvedModel): Map<string, Float32Array[]> {
  return new Map(resolved.layers.map((l) => [l.name, model.getLayer(l.name).getWeights().map((t) => Float32Array.from(t.dataSync()))]));
}

function sha256(values: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
}

/** A spec argument as Keras writes it in config: ints become tuples where Keras keeps tuples. */
function asKeras(key: string, value: unknown): unknown {
  if (['kernel_size', 'strides', 'pool_size'].includes(key) && typeof value === 'number') return [value, value];
  return value;
}

const CASES: ModelCase[] = ['reference-cnn', 'reference-rnn', 'lstm-fashion', 'gru-fashion', 'image-ops', 'sequence-ops'];

describe('Keras 3 .keras export', () => {
  for (const id of CASES) {
    it(`${id}: config matches the spec and every weight matches the trained model`, async () => {
      const { model, resolved, inputs } = await trainedModel(id);
      inputs.dispose();
      const archive = await buildKerasArchive(resolved, readLayerWeights(model, resolved), new Date(2026, 10, 25, 9, 5, 7));
      const file = join(dir, `${id}.keras`);
      writeFileSync(file, archive);

      const members = unzipSync(archive);
      expect(Object.keys(members)).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
      const metadata = JSON.parse(strFromU8(members['metadata.json']!)) as Json;
      expect(metadata).toEqual({ keras_version: KERAS_TARGET_VERSION, date_saved: '2026-11-25@09:05:07' });

      const config = JSON.parse(strFromU8(members['config.json']!)) as Json;
      expect(config['class_name']).toBe('Sequential');
      const inner = config['config'] as Json;
      const layers = inner['layers'] as Json[];
      expect(layers[0]!['class_name']).toBe('InputLayer');
      expect((layers[0]!['config'] as Json)['batch_shape']).toEqual([null, ...resolved.spec.input_shape]);
      expect(inner['build_input_shape']).toEqual([null, ...resolved.spec.input_shape]);
      expect((config['compile_config'] as Json)['loss']).toBe(resolved.spec.compile.loss);
      expect(layers.slice(1).map((l) => l['class_name'])).toEqual(resolved.spec.layers.map((l) => l.className));
      resolved.spec.layers.forEach((spec, i) => {
        const entry = layers[i + 1]!;
        const layerConfig = entry['config'] as Json;
        expect(layerConfig['name']).toBe(resolved.layers[i]!.name);
        for (const [key, value] of Object.entries(spec.args)) {
          if (key === 'input_shape') continue;
          expect(layerConfig[key], `${spec.className}.${key}`).toEqual(asKeras(key, value));
        }
        expect((entry['build_config'] as Json)['input_shape']).toEqual([null, ...resolved.layers[i]!.inputShape]);
      });

      // h5wasm: the layout saving_lib writes, and every array equal to the trained weights.
      const h5Path = join(dir, `${id}.weights.h5`);
      writeFileSync(h5Path, members['model.weights.h5']!);
      await h5wasm.ready;
      const h5 = new h5wasm.File(h5Path, 'r');
      const trained = tfjsWeights(model, resolved);
      const counts = new Map<string, number>();
      try {
        expect(h5.keys().sort()).toEqual(['layers', 'vars']);
        for (const layer of resolved.layers) {
          const snake = kerasSnakeCase(layer.className);
          const n = counts.get(snake);
          counts.set(snake, n === undefined ? 0 : n + 1);
          const group = n === undefined ? snake : `${snake}_${n + 1}`;
          const recurrent = ['SimpleRNN', 'LSTM', 'GRU'].includes(layer.className);
          const vars = h5.get(`layers/${group}/${recurrent ? 'cell/' : ''}vars`) as InstanceType<typeof h5wasm.Group>;
          expect(vars, `${layer.name} -> layers/${group}`).toBeTruthy();
          const expected = trained.get(layer.name)!;
          expect(vars.keys().sort()).toEqual(expected.map((_, i) => String(i)));
          expected.forEach((values, i) => {
            const ds = h5.get(`layers/${group}/${recurrent ? 'cell/' : ''}vars/${i}`) as InstanceType<typeof h5wasm.Dataset>;
            expect(ds.dtype).toBe('<f');
            const stored = ds.value as Float32Array;
            expect(stored.length).toBe(values.length);
            expect(Buffer.compare(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength), Buffer.from(values.buffer))).toBe(0);
          });
        }
      } finally {
        h5.close();
      }

      if (!hasH5py) return;
      const read = JSON.parse(execFileSync('/usr/bin/python3', [READER, file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
        names: string[];
        root_vars: number;
        layers: { name: string; path: string; missing?: boolean; outer_vars?: number; vars: { shape: number[]; dtype: string; sha256: string }[] }[];
      };
      expect(read.root_vars).toBe(0);
      expect(read.layers.map((l) => l.name)).toEqual(resolved.layers.map((l) => l.name));
      for (const layer of read.layers) {
        expect(layer.missing, layer.path).toBeUndefined();
        if (layer.outer_vars !== undefined) expect(layer.outer_vars).toBe(0);
        const expected = trained.get(layer.name)!;
        expect(layer.vars.map((v) => v.sha256)).toEqual(expected.map(sha256));
        expect(layer.vars.every((v) => v.dtype === 'float32')).toBe(true);
        const tfLayer = model.getLayer(layer.name);
        expect(layer.vars.map((v) => v.shape)).toEqual(tfLayer.getWeights().map((t) => t.shape));
      }
      model.dispose();
    });
  }

  // Where h5py is missing the Python checks above return early; this shows that as a skip, with the reason.
  if (!hasH5py) it.skip(`reads the file from Python (/usr/bin/python3 lacks h5py: ${h5py.stderr?.trim().split('\n').pop() ?? ''})`, () => {});
});
