// The real Fashion-MNIST from Debian's dataset-fashion-mnist: counts, classes, pixel values
// against the raw file, the seeded validation split, and the time a full load takes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { datasetHash, FASHION_MNIST_DIR, inspectDataset, listBuiltinDatasets, loadDataset } from '../../../src/main/datasets';

/** Byte equality of two float arrays (vitest's toEqual walks element by element, slowly). */
const sameBytes = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const present = existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'));
if (!present) console.warn(`skipping Fashion-MNIST tests: ${FASHION_MNIST_DIR} is absent (apt-get install dataset-fashion-mnist)`);

describe.skipIf(!present)('Fashion-MNIST from the Debian package', () => {
  it('loads all 70,000 images as pixels / 255 with balanced labels, in a couple of seconds', async () => {
    const started = performance.now();
    const data = await loadDataset({ kind: 'fashion-mnist' }, { seed: 42, validationSplit: 0 });
    const ms = performance.now() - started;
    console.log(`Fashion-MNIST full load: ${ms.toFixed(0)} ms`);
    // About 0.6 s alone here; two cores shared with other test files and people, so a wide bound.
    expect(ms).toBeLessThan(15000);

    expect(data.train.count).toBe(60000);
    expect(data.test?.count).toBe(10000);
    expect(data.validation).toBeNull();
    expect(data.train.sampleShape).toEqual([28, 28, 1]);
    expect(data.train.x.length).toBe(60000 * 784);
    expect(data.descriptor.classNames[0]).toBe('T-shirt/top');
    expect(data.descriptor.classNames[9]).toBe('Ankle boot');
    expect(data.descriptor.normalization).toBe('pixels / 255');

    // Pixels equal the raw file's bytes / 255 (independent read of the gzip).
    const raw = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz')));
    for (const i of [0, 784 * 123 + 400, 60000 * 784 - 1]) expect(data.train.x[i]).toBeCloseTo(raw[16 + i]! / 255, 6);
    const rawLabels = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz')));
    expect(Array.from(data.test!.y.subarray(0, 50))).toEqual(Array.from(rawLabels.subarray(8, 58)));

    // Fashion-MNIST has 6,000 training images of each class.
    const perClass = new Array<number>(10).fill(0);
    for (const label of data.train.y) perClass[label]!++;
    expect(perClass).toEqual(new Array<number>(10).fill(6000));
  });

  it('takes a seeded validation split: same seed same split, other seed other split', async () => {
    const opts = { seed: 7, validationSplit: 0.1, limit: 5000, testLimit: 1000 };
    const a = await loadDataset({ kind: 'fashion-mnist' }, opts);
    const b = await loadDataset({ kind: 'fashion-mnist' }, opts);
    const c = await loadDataset({ kind: 'fashion-mnist' }, { ...opts, seed: 8 });
    expect(a.train.count).toBe(4500);
    expect(a.validation?.count).toBe(500);
    expect(a.test?.count).toBe(1000);
    expect(a.descriptor).toMatchObject({ trainSize: 4500, validationSize: 500, testSize: 1000 });
    expect(sameBytes(a.validation!.y, b.validation!.y)).toBe(true);
    expect(sameBytes(a.validation!.x, b.validation!.x)).toBe(true);
    expect(sameBytes(a.train.x, b.train.x)).toBe(true);
    expect(datasetHash(a)).toBe(datasetHash(b));
    expect(datasetHash(a)).not.toBe(datasetHash(c));
    expect(sameBytes(a.validation!.x, c.validation!.x)).toBe(false);
    // The test subset does not depend on the run's seed, so runs are scored on the same images.
    expect(sameBytes(a.test!.x, c.test!.x)).toBe(true);
  });

  it('resizes to 64×64×3 for the reference CNN and reshapes to (28, 28) for a recurrent model', async () => {
    const big = await loadDataset(
      { kind: 'fashion-mnist' },
      { seed: 1, validationSplit: 0, limit: 200, testLimit: 50, resize: [64, 64], channels: 3, inputShape: [64, 64, 3] },
    );
    expect(big.train.sampleShape).toEqual([64, 64, 3]);
    expect(big.train.x.length).toBe(200 * 64 * 64 * 3);
    // Grey to RGB: every pixel's three channels are equal.
    for (let p = 0; p < 64 * 64 * 3; p += 3 * 97) {
      expect(big.train.x[p]).toBe(big.train.x[p + 1]);
      expect(big.train.x[p]).toBe(big.train.x[p + 2]);
    }
    expect(big.descriptor.options).toMatchObject({ resize: [64, 64], channels: 3 });

    const rows = await loadDataset({ kind: 'fashion-mnist' }, { seed: 1, validationSplit: 0, limit: 10, inputShape: [28, 28] });
    expect(rows.train.sampleShape).toEqual([28, 28]);
    expect(rows.descriptor.inputShape).toEqual([28, 28]);
  });

  it('refuses a model whose input the images do not fit, before loading', async () => {
    await expect(loadDataset({ kind: 'fashion-mnist' }, { seed: 1, validationSplit: 0, inputShape: [64, 64, 3] })).rejects.toMatchObject({
      name: 'DatasetError',
      message:
        'the model expects (64, 64, 3) but Fashion-MNIST images are (28, 28, 1): set input_shape=(28, 28, 1), or add --resize 64x64 --channels 3',
    });
    await expect(
      loadDataset({ kind: 'fashion-mnist' }, { seed: 1, validationSplit: 0, inputShape: [28, 28, 1], loss: 'binary_crossentropy' }),
    ).rejects.toThrow(/binary_crossentropy takes labels 0\/1, but Fashion-MNIST has 10 classes/);
  });

  it('inspects from the headers and lists Fashion-MNIST as available', async () => {
    // Headers only (idx-files.test.ts shows inspect succeeds where the data is truncated).
    const started = performance.now();
    const d = await inspectDataset({ kind: 'fashion-mnist' }, { validationSplit: 0.2, limit: 1000 });
    console.log(`Fashion-MNIST inspect: ${(performance.now() - started).toFixed(1)} ms`);
    expect(d).toMatchObject({ trainSize: 800, validationSize: 200, testSize: 10000, inputShape: [28, 28, 1], numClasses: 10 });
    const builtins = await listBuiltinDatasets();
    expect(builtins.map((b) => b.kind)).toEqual(['fashion-mnist', 'mnist', 'random']);
    expect(builtins[0]).toMatchObject({ available: true, trainSize: 60000, testSize: 10000 });
    expect(builtins[1]).toMatchObject({ available: false });
    expect(builtins[1]!.reason).toMatch(/folder/);
  });
});
