// CSV datasets from files the test writes: string and integer labels, z-score from the train split,
// sliding windows for recurrent models, and errors that name the line and the column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, inspectDataset, loadDataset } from '../../../src/main/datasets';

const dir = mkdtempSync(join(tmpdir(), 'tb-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 40 rows: a, b, c features from formulas, species label cycling through three names. */
function writeFixture(name = 'plants.csv'): { path: string; rows: number[][]; species: string[] } {
  const names = ['virginica', 'setosa', 'versicolor'];
  const rows: number[][] = [];
  const species: string[] = [];
  const lines = ['a,b,c,species'];
  for (let i = 0; i < 40; i++) {
    const row = [i * 0.5, (i % 7) - 3, 100 + ((i * 13) % 11)];
    rows.push(row);
    species.push(names[i % 3]!);
    lines.push(`${row.join(',')},${names[i % 3]}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, rows, species };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('CSV loader', () => {
  it('maps string labels to sorted class indices and z-scores features with the train split', async () => {
    const { path, rows, species } = writeFixture();
    const data = await loadDataset({ kind: 'csv', path }, { seed: 3, validationSplit: 0.25 });
    const d = data.descriptor;
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(d.numClasses).toBe(3);
    expect(d.inputShape).toEqual([3]);
    expect(data.train.count).toBe(30);
    expect(data.validation?.count).toBe(10);
    expect(data.test).toBeNull();
    expect(d.normalization).toBe('z-score per feature (train mean/std)');
    const featureMean = d.options.featureMean as number[];
    const featureStd = d.options.featureStd as number[];

    // Train features have mean 0 and std 1 per column.
    for (let f = 0; f < 3; f++) {
      const col = Array.from({ length: 30 }, (_, i) => data.train.x[i * 3 + f]!);
      expect(mean(col)).toBeCloseTo(0, 5);
      expect(Math.sqrt(mean(col.map((v) => v * v)))).toBeCloseTo(1, 5);
    }
    // Each sample, un-normalized, is a row of the file, and its label that row's species.
    for (const split of [data.train, data.validation!]) {
      for (let i = 0; i < split.count; i++) {
        const a = split.x[i * 3]! * featureStd[0]! + featureMean[0]!;
        const r = Math.round(a / 0.5);
        expect(split.x[i * 3 + 1]! * featureStd[1]! + featureMean[1]!).toBeCloseTo(rows[r]![1]!, 4);
        expect(split.x[i * 3 + 2]! * featureStd[2]! + featureMean[2]!).toBeCloseTo(rows[r]![2]!, 4);
        expect(d.classNames[split.y[i]!]).toBe(species[r]);
      }
    }
  });

  it('makes sliding windows labelled by their last row', async () => {
    const { path, rows, species } = writeFixture('windows.csv');
    const data = await loadDataset({ kind: 'csv', path, window: 5 }, { seed: 1, validationSplit: 0, inputShape: [5, 3] });
    expect(data.train.count).toBe(36);
    expect(data.train.sampleShape).toEqual([5, 3]);
    expect(data.descriptor.options.window).toBe(5);
    const m = data.descriptor.options.featureMean as number[];
    const s = data.descriptor.options.featureStd as number[];
    for (const w of [0, 17, 35]) {
      for (let t = 0; t < 5; t++) {
        for (let f = 0; f < 3; f++) expect(data.train.x[(w * 5 + t) * 3 + f]! * s[f]! + m[f]!).toBeCloseTo(rows[w + t]![f]!, 4);
      }
      expect(data.descriptor.classNames[data.train.y[w]!]).toBe(species[w + 4]);
    }
  });

  it('takes the label column by name and keeps integer labels as classes', async () => {
    const path = join(dir, 'ints.csv');
    writeFileSync(path, 'x1,label,x2\n1,0,5\n2,2,6\n3,1,7\n4,2,8\n');
    const data = await loadDataset({ kind: 'csv', path, labelColumn: 'label' }, { seed: 1, validationSplit: 0 });
    expect(Array.from(data.train.y)).toEqual([0, 2, 1, 2]);
    expect(data.descriptor).toMatchObject({ numClasses: 3, classNames: ['0', '1', '2'], inputShape: [2] });
    expect(data.descriptor.options.featureColumns).toEqual(['x1', 'x2']);
    await expect(loadDataset({ kind: 'csv', path, labelColumn: 'target' }, { seed: 1, validationSplit: 0 })).rejects.toThrow(
      /no column named "target"; the columns are "x1", "label", "x2"/,
    );
  });

  it('treats fractional labels as a regression target for mse and refuses them for a classifier', async () => {
    const path = join(dir, 'reg.csv');
    writeFileSync(path, 'x,y\n1,0.5\n2,1.25\n3,2.5\n');
    const reg = await loadDataset({ kind: 'csv', path }, { seed: 1, validationSplit: 0, loss: 'mse' });
    expect(reg.descriptor.numClasses).toBe(0);
    expect(Array.from(reg.train.y)).toEqual([0.5, 1.25, 2.5]);
    await expect(loadDataset({ kind: 'csv', path }, { seed: 1, validationSplit: 0, loss: 'sparse_categorical_crossentropy' })).rejects.toThrow(
      /non-integer value 0.5 \(reg.csv line 2\).*use loss mse or mae/,
    );
  });

  it('names the line and column of a non-numeric feature cell', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'a,b,label\n1,2,x\n\n3,oops,y\n');
    const error = await loadDataset({ kind: 'csv', path }, { seed: 1, validationSplit: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toMatch(/bad\.csv line 4 \(row 2\), column "b": "oops" is not a number/);
    expect((error as DatasetError).details).toMatchObject({ line: 4, row: 2, column: 'b' });
  });

  it('inspects columns and rows, and refuses image options', async () => {
    const { path } = writeFixture('inspect.csv');
    const d = await inspectDataset({ kind: 'csv', path, window: 10 }, { validationSplit: 0.1 });
    expect(d).toMatchObject({ kind: 'csv', inputShape: [10, 3], trainSize: 28, validationSize: 3, testSize: 0, numClasses: 3 });
    await expect(inspectDataset({ kind: 'csv', path }, { resize: [8, 8] })).rejects.toThrow(/--resize applies to image data/);
  });
});

describe('CSV header detection', () => {
  it('keeps the first row of a file without a header, even with string labels', async () => {
    const path = join(dir, 'noheader.csv');
    writeFileSync(path, '1.5,2,setosa\n3,4,versicolor\n5,6,setosa\n');
    const data = await loadDataset({ kind: 'csv', path }, { seed: 1, validationSplit: 0 });
    expect(data.train.count).toBe(3);
    expect(data.descriptor.options.labelColumn).toBe('column_3');
    expect(Array.from(data.train.y)).toEqual([0, 1, 0]);
  });
});
