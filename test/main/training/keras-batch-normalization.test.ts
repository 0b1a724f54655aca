// Keras's BatchNormalization(center=False / scale=False) must train: tfjs's own layer crashed
// in its training path. Also: with both on, the layer is tfjs's, output for output.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KerasBatchNormalization } from '../../../src/main/training/keras-batch-normalization';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function model(args: { center?: boolean; scale?: boolean }, useOurs: boolean): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(useOurs ? new KerasBatchNormalization(args) : tf.layers.batchNormalization(args));
  m.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

const x = tf.tensor2d([...Array(48).keys()].map((i) => Math.sin(i * 1.7)), [16, 3]);
const y = tf.tensor1d([...Array(16).keys()].map((i) => i % 2));

describe('KerasBatchNormalization', () => {
  it.each([
    [{ center: false }, 3 * 4],
    [{ scale: false }, 3 * 4],
    [{ center: false, scale: false }, 2 * 4],
  ])('trains with %o and has Keras parameter count', async (args, bnParams) => {
    const m = model(args, true);
    expect(m.layers[1]!.countParams()).toBe(bnParams);
    const first = (await m.trainOnBatch(x, y)) as number;
    let last = first;
    for (let i = 0; i < 30; i++) last = (await m.trainOnBatch(x, y)) as number;
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first);
    // Moving statistics moved away from their initial 0 and 1.
    const mean = m.layers[1]!.weights.find((w) => w.name.includes('moving_mean'))!.read();
    expect(Math.max(...Array.from(mean.dataSync()).map(Math.abs))).toBeGreaterThan(0);
  });

  it('is tfjs’s own layer when center and scale are on', async () => {
    const ours = model({}, true);
    const theirs = model({}, false);
    for (let i = 0; i < 5; i++) {
      const a = (await ours.trainOnBatch(x, y)) as number;
      const b = (await theirs.trainOnBatch(x, y)) as number;
      expect(a).toBeCloseTo(b, 6);
    }
    expect(ours.layers[1]!.getClassName()).toBe('BatchNormalization');
  });
});
