// Random data as the reference RNN example makes it: standard normal X, 0/1 labels, the same for
// the same seed; image-shaped inputs get uniform pixels and 10 classes.
import { describe, expect, it } from 'vitest';
import { datasetHash, loadDataset } from '../../../src/main/datasets';

describe('random data', () => {
  it('is 100 × 10 × 8 standard normal with 0/1 labels by default', async () => {
    const data = await loadDataset({ kind: 'random' }, { seed: 42, validationSplit: 0 });
    expect(data.train.count).toBe(100);
    expect(data.train.sampleShape).toEqual([10, 8]);
    expect(data.train.x.length).toBe(8000);
    const xs = Array.from(data.train.x);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    // 8,000 draws: the standard error of the mean is about 0.011.
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(std - 1)).toBeLessThan(0.05);
    expect(xs.filter((v) => Math.abs(v) > 2).length / xs.length).toBeGreaterThan(0.03);
    const labels = new Set(data.train.y);
    expect([...labels].sort()).toEqual([0, 1]);
    const ones = data.train.y.reduce((a, b) => a + b, 0);
    expect(ones).toBeGreaterThan(30);
    expect(ones).toBeLessThan(70);
    expect(data.descriptor).toMatchObject({ kind: 'random', numClasses: 2, inputShape: [10, 8], testSize: 0 });
  });

  it('is the same for the same seed and different for another', async () => {
    const a = await loadDataset({ kind: 'random', samples: 64 }, { seed: 5, validationSplit: 0.25, inputShape: [12, 4] });
    const b = await loadDataset({ kind: 'random', samples: 64 }, { seed: 5, validationSplit: 0.25, inputShape: [12, 4] });
    const c = await loadDataset({ kind: 'random', samples: 64 }, { seed: 6, validationSplit: 0.25, inputShape: [12, 4] });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.validation!.y).toEqual(b.validation!.y);
    expect(datasetHash(a)).toBe(datasetHash(b));
    expect(a.train.x).not.toEqual(c.train.x);
    expect(datasetHash(a)).not.toBe(datasetHash(c));
    expect(a.train.count + a.validation!.count).toBe(64);
  });

  it('makes images of the model input shape with 10 classes (2 for binary_crossentropy)', async () => {
    const data = await loadDataset({ kind: 'random', samples: 50 }, { seed: 1, validationSplit: 0, inputShape: [8, 8, 3] });
    expect(data.train.sampleShape).toEqual([8, 8, 3]);
    expect(data.descriptor.numClasses).toBe(10);
    expect(Math.max(...data.train.y)).toBeLessThanOrEqual(9);
    expect(new Set(data.train.y).size).toBeGreaterThan(5);
    expect(Math.min(...data.train.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.train.x)).toBeLessThan(1);
    const binary = await loadDataset({ kind: 'random', samples: 50 }, { seed: 1, validationSplit: 0, inputShape: [8, 8, 3], loss: 'binary_crossentropy' });
    expect(binary.descriptor.numClasses).toBe(2);
  });
});
