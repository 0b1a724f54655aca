// IDX loading on files written by the test: plain and gzipped, and broken ones (bad magic,
// truncated data, count mismatch, gzip damage, missing files), each a DatasetError naming the file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, inspectDataset, listBuiltinDatasets, loadDataset, MNIST_CLASSES } from '../../../src/main/datasets';
import { idxBytes, removeTinySets, writeTinySet } from './idx-fixtures';

afterAll(removeTinySets);

const load = (dir: string, extra: Record<string, unknown> = {}) =>
  loadDataset({ kind: 'mnist', dir }, { seed: 1, validationSplit: 0, ...extra });

async function loadError(dir: string): Promise<DatasetError> {
  const error = await load(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  expect((error as DatasetError).name).toBe('DatasetError');
  return error as DatasetError;
}

describe('IDX files', () => {
  it.each([false, true])('loads a plain or gzipped (%s) set exactly', async (gzip) => {
    const set = writeTinySet({ gzip });
    const data = await load(set.dir);
    expect(data.descriptor.name).toBe('MNIST');
    expect(data.descriptor.classNames).toEqual(MNIST_CLASSES);
    expect(data.train.count).toBe(20);
    expect(data.test?.count).toBe(10);
    expect(data.train.sampleShape).toEqual([4, 4, 1]);
    expect(Array.from(data.train.x, (v) => Math.round(v * 255))).toEqual(Array.from(set.images));
    expect(Array.from(data.train.y)).toEqual(Array.from(set.labels));
  });

  it('resizes bilinearly (half-pixel centres) and replicates grey into RGB', async () => {
    const set = writeTinySet({ count: 2, rows: 2, cols: 2 });
    // Image 0 becomes [0, 255; 0, 255]: left column black, right column white.
    const images = Uint8Array.from([0, 255, 0, 255, 9, 9, 9, 9]);
    writeFileSync(join(set.dir, 'train-images-idx3-ubyte'), idxBytes([2, 2, 2], images));
    const data = await load(set.dir, { resize: [4, 4], channels: 3 });
    expect(data.train.sampleShape).toEqual([4, 4, 3]);
    const firstRow = Array.from(data.train.x.subarray(0, 12));
    const expected = [0, 0.25, 0.75, 1].flatMap((v) => [v, v, v]);
    firstRow.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(data.train.x[4 * 4 * 3]).toBeCloseTo(9 / 255, 6);
    expect(data.descriptor.normalization).toMatch(/bilinear resize 2×2 → 4×4, grey → RGB/);
  });

  it('names the file and the fault: bad magic', async () => {
    const set = writeTinySet();
    writeFileSync(join(set.dir, 'train-labels-idx1-ubyte'), idxBytes([20], set.labels, 0x0d));
    const error = await loadError(set.dir);
    expect(error.message).toContain(join(set.dir, 'train-labels-idx1-ubyte'));
    expect(error.message).toMatch(/bad magic 0x00000d01, expected 0x00000801/);
  });

  it('names the file and the fault: truncated data', async () => {
    const set = writeTinySet();
    const file = join(set.dir, 'train-images-idx3-ubyte');
    writeFileSync(file, readFileSync(file).subarray(0, 16 + 300));
    // The header alone is fine, so inspect (headers only) still answers...
    expect((await inspectDataset({ kind: 'mnist', dir: set.dir })).trainSize).toBe(20);
    // ...and the load fails on the data.
    const error = await loadError(set.dir);
    expect(error.message).toBe(
      `${file}: truncated data: expected 320 bytes got 300 (dimensions 20×4×4); the file is damaged, fetch it again`,
    );
  });

  it('names the files and the fault: count mismatch between images and labels', async () => {
    const set = writeTinySet();
    writeFileSync(join(set.dir, 'train-labels-idx1-ubyte'), idxBytes([19], set.labels.subarray(0, 19)));
    const error = await loadError(set.dir);
    expect(error.message).toMatch(/count mismatch: .*train-images-idx3-ubyte holds 20 images but .*train-labels-idx1-ubyte holds 19 labels/);
  });

  it('names the file and the fault: damaged gzip', async () => {
    const set = writeTinySet({ gzip: true });
    const file = join(set.dir, 't10k-images-idx3-ubyte.gz');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 12));
    const error = await loadError(set.dir);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}: gzip error: `));
  });

  it('names the file and the fault: labels out of range, and a missing file', async () => {
    const set = writeTinySet();
    const labels = Uint8Array.from(set.labels);
    labels[3] = 12;
    writeFileSync(join(set.dir, 'train-labels-idx1-ubyte'), idxBytes([20], labels));
    expect((await loadError(set.dir)).message).toMatch(/label 12 at index 3 is out of range 0–9/);

    rmSync(join(set.dir, 't10k-labels-idx1-ubyte'));
    expect((await loadError(set.dir)).message).toMatch(/t10k-labels-idx1-ubyte\(\.gz\) is missing/);
  });

  it('a gzip that is not IDX inside is bad magic too', async () => {
    const set = writeTinySet({ gzip: true });
    writeFileSync(join(set.dir, 'train-images-idx3-ubyte.gz'), gzipSync(Buffer.from('<html>not found</html>')));
    expect((await loadError(set.dir)).message).toMatch(/train-images-idx3-ubyte\.gz: bad magic 0x3c68746d/);
  });

  it('says how to get the data when the folder is missing', async () => {
    await expect(loadDataset({ kind: 'mnist' }, { seed: 1, validationSplit: 0 })).rejects.toThrow(/MNIST needs a folder/);
    await expect(loadDataset({ kind: 'fashion-mnist', dir: '/nonexistent/fm' }, { seed: 1, validationSplit: 0 })).rejects.toThrow(
      /Fashion-MNIST folder \/nonexistent\/fm does not exist: pass a folder .*apt-get install dataset-fashion-mnist/,
    );
    const builtins = await listBuiltinDatasets('/nonexistent/fm');
    expect(builtins[0]).toMatchObject({ kind: 'fashion-mnist', available: false });
    expect(builtins[0]!.reason).toMatch(/apt-get install dataset-fashion-mnist/);
  });
});
