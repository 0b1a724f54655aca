// The tfjs export reloads through tf.loadLayersModel (our file IOHandler, and fromMemory) and
// predicts what the trained model predicts, for the reference CNN, the reference RNN, LSTM, GRU.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTfjs } from '../../../src/main/export/tfjs-export';
import { fileLoadHandler, loadModelFromDir, readWeightsFromDir } from '../../../src/main/export/tfjs-file-io';
import { maxAbsDiff, trainedModel, type ModelCase } from './trained-models';

const dir = mkdtempSync(join(tmpdir(), 'tb-tfjs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: { id: ModelCase; customClasses: string[] }[] = [
  { id: 'reference-cnn', customClasses: [] },
  { id: 'reference-rnn', customClasses: [] },
  { id: 'lstm-fashion', customClasses: [] },
  { id: 'gru-fashion', customClasses: ['TrainbenchGRU'] },
];

describe('tfjs Layers export', () => {
  for (const c of CASES) {
    it(`${c.id}: reloads with tf.loadLayersModel and predicts identically on 100 inputs`, async () => {
      const { model, inputs } = await trainedModel(c.id);
      const out = join(dir, c.id);
      const result = await exportTfjs(model, out);
      expect(result.customClasses).toEqual(c.customClasses);
      const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { format: string; modelTopology: { config: { layers: { class_name: string }[] } } };
      expect(json.format).toBe('layers-model');
      const classes = json.modelTopology.config.layers.map((l) => l.class_name);
      expect(classes.filter((n) => n.startsWith('Trainbench'))).toEqual(c.customClasses);

      const reloaded = await loadModelFromDir(out);
      const expected = model.predict(inputs) as tf.Tensor;
      const actual = reloaded.predict(inputs) as tf.Tensor;
      expect(actual.shape).toEqual(expected.shape);
      expect(maxAbsDiff(actual.dataSync(), expected.dataSync())).toBeLessThanOrEqual(1e-6);

      // The same files through tf.io.fromMemory, as a browser or another tool would hand them over.
      const artifacts = await fileLoadHandler(join(out, 'model.json')).load!();
      const fromMemory = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      const viaMemory = fromMemory.predict(inputs) as tf.Tensor;
      expect(maxAbsDiff(viaMemory.dataSync(), expected.dataSync())).toBeLessThanOrEqual(1e-6);

      // Every weight is in the shards, byte for byte.
      const { tensors } = await readWeightsFromDir(out);
      for (const w of model.weights) {
        const saved = tensors[w.originalName];
        expect(saved, w.originalName).toBeDefined();
        expect(maxAbsDiff(saved!.dataSync(), w.read().dataSync())).toBe(0);
      }
      tf.dispose([expected, actual, viaMemory, inputs, ...Object.values(tensors)]);
      reloaded.dispose();
      fromMemory.dispose();
      model.dispose();
    });
  }

  it('shards weights at 4 MiB like the tfjs converter, and a re-export with fewer shards leaves none stale', async () => {
    const out = join(dir, 'reference-cnn');
    const shards = readdirSync(out).filter((n) => n.endsWith('.bin'));
    // 1,626,442 float32 weights = 6.5 MB: two shards.
    expect(shards.sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    expect(statSync(join(out, 'group1-shard1of2.bin')).size).toBe(4 * 1024 * 1024);
    const { model } = await trainedModel('reference-cnn', 16);
    await exportTfjs(model, out, { shardBytes: Infinity });
    expect(readdirSync(out).filter((n) => n.endsWith('.bin'))).toEqual(['group1-shard1of1.bin']);
    const reloaded = await loadModelFromDir(out);
    expect(reloaded.countParams()).toBe(1_626_442);
    model.dispose();
    reloaded.dispose();
  });
});
