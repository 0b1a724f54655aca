// Fit messages: what the model expects, what the data is, and the fix (input_shape, --resize,
// --channels, --window), on descriptors from real inspects.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertDatasetFits, checkDatasetFits, checkLossFits, DatasetError, inspectDataset, inspectDatasetFit } from '../../../src/main/datasets';
import { removeTinySets, writeTinySet } from './idx-fixtures';

const set = writeTinySet({ rows: 28, cols: 28 });
const csvDir = mkdtempSync(join(tmpdir(), 'tb-fit-'));
const csvPath = join(csvDir, 'series.csv');
afterAll(() => {
  removeTinySets();
  rmSync(csvDir, { recursive: true, force: true });
});
writeFileSync(csvPath, `t,u,v,w,x,label\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 3},${i * 2},1,${-i},${i % 2}`).join('\n')}\n`);

describe('checkDatasetFits', () => {
  it('gives the input_shape and the --resize/--channels fix for images', async () => {
    const d = await inspectDataset({ kind: 'mnist', dir: set.dir });
    expect(checkDatasetFits(d, [28, 28, 1])).toEqual({ fits: true });
    expect(checkDatasetFits(d, [64, 64, 3])).toEqual({
      fits: false,
      message: 'the model expects (64, 64, 3) but MNIST images are (28, 28, 1): set input_shape=(28, 28, 1), or add --resize 64x64 --channels 3',
    });
    expect(checkDatasetFits(d, [32, 32, 1]).message).toBe(
      'the model expects (32, 32, 1) but MNIST images are (28, 28, 1): set input_shape=(28, 28, 1), or add --resize 32x32',
    );
    // Same bytes, other shape: rows as time steps, or flattened for a Dense model.
    expect(checkDatasetFits(d, [28, 28]).fits).toBe(true);
    expect(checkDatasetFits(d, [784]).fits).toBe(true);
    expect(checkDatasetFits(d, [30, 30]).message).toBe(
      'the model expects (30, 30) but MNIST images are (28, 28, 1): set input_shape=(28, 28) to read each image row as a time step, or add --resize 30x30',
    );
    expect(() => assertDatasetFits(d, [64, 64, 3])).toThrow(DatasetError);
  });

  it('suggests --window or input_shape for CSV sequences', async () => {
    const rows = await inspectDataset({ kind: 'csv', path: csvPath });
    expect(rows.inputShape).toEqual([5]);
    expect(checkDatasetFits(rows, [10, 5]).message).toBe(
      'the model expects (10, 5) but series.csv rows are (5,): add --window 10 to make sequences of 10 rows, or set input_shape=(5,) for a Dense model',
    );
    expect(checkDatasetFits(rows, [10, 8]).message).toBe(
      'the model expects (10, 8) but series.csv rows are (5,): set input_shape=(10, 5) and add --window 10, or set input_shape=(5,) for a Dense model',
    );
    const windows = await inspectDataset({ kind: 'csv', path: csvPath, window: 4 });
    expect(checkDatasetFits(windows, [4, 5]).fits).toBe(true);
    expect(checkDatasetFits(windows, [6, 5]).message).toBe(
      'the model expects (6, 5) but series.csv windows are (4, 5): set input_shape=(4, 5), or use --window 6',
    );
    expect(checkDatasetFits(windows, [4, 8]).message).toBe(
      'the model expects (4, 8) but series.csv windows are (4, 5): set input_shape=(4, 5) (5 features per time step)',
    );
  });

  it('answers datasets:inspect with the fix, and checks the loss', async () => {
    const result = await inspectDatasetFit({ kind: 'mnist', dir: set.dir }, { inputShape: [64, 64, 3] });
    expect(result.fits).toBe(false);
    expect(result.message).toMatch(/--resize 64x64 --channels 3/);
    const ok = await inspectDatasetFit({ kind: 'mnist', dir: set.dir }, { inputShape: [28, 28] });
    expect(ok).toMatchObject({ fits: true, descriptor: { inputShape: [28, 28] } });
    const d = await inspectDataset({ kind: 'mnist', dir: set.dir });
    expect(checkLossFits(d, 'binary_crossentropy').fits).toBe(false);
    expect(checkLossFits(d, 'sparse_categorical_crossentropy').fits).toBe(true);
  });
});
