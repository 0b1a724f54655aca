// A CSV file as a dataset: numeric feature columns and a label column, one row per sample, or
// sliding windows of `window` rows (labelled by the window's last row) for recurrent models.
// Features are z-scored with the train split's mean and std, recorded for inference.
import { basename } from 'node:path';
import { DatasetError } from './dataset-error';
import type { DatasetReader, OpenContext, Split } from './dataset-types';
import { mapLabels } from './csv-labels';
import { readCsvTable } from './csv-table';

export const CSV_NORMALIZATION = 'z-score per feature (train mean/std)';

export function openCsv(path: string, labelColumn: string | undefined, window: number | undefined, ctx: OpenContext): DatasetReader {
  const table = readCsvTable(path, labelColumn);
  const labels = mapLabels(table.labels, table.labelColumn, ctx.loss, (r) => `${basename(path)} line ${table.lines[r]}`);
  const featureCount = table.featureColumns.length;
  const steps = window ?? 1;
  if (table.rows < steps) {
    throw new DatasetError(`${path}: window ${steps} needs at least ${steps} rows, the file has ${table.rows}: use a smaller --window`, {
      file: path,
    });
  }
  // Window i covers rows i .. i+steps-1.
  const count = table.rows - steps + 1;
  const sampleShape = window === undefined ? [featureCount] : [window, featureCount];
  const sampleSize = steps * featureCount;

  return {
    kind: 'csv',
    name: basename(path),
    source: path,
    sampleShape,
    numClasses: labels.numClasses,
    classNames: labels.classNames,
    trainCount: count,
    testCount: 0,
    normalization: CSV_NORMALIZATION,
    options: {
      labelColumn: table.labelColumn,
      featureColumns: table.featureColumns,
      task: labels.task,
      ...(window === undefined ? {} : { window }),
    },
    async read(_part, indices): Promise<Split> {
      const x = new Float32Array(indices.length * sampleSize);
      const y = new Float32Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const start = indices[i]!;
        for (let k = 0; k < sampleSize; k++) x[i * sampleSize + k] = table.features[start * featureCount + k]!;
        y[i] = labels.y[start + steps - 1]!;
      }
      return { x, y, count: indices.length, sampleShape: [...sampleShape] };
    },
    normalize(train, others) {
      const { mean, std } = featureStats(train.x, featureCount);
      for (const split of [train, ...others]) applyZScore(split.x, mean, std);
      return { normalization: CSV_NORMALIZATION, options: { featureMean: Array.from(mean), featureStd: Array.from(std) } };
    },
  };
}

/** Per-feature mean and population std over every value of the last axis; std 0 becomes 1. */
export function featureStats(x: Float32Array, features: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(features);
  const sq = new Float64Array(features);
  const n = x.length / features;
  for (let i = 0; i < x.length; i++) mean[i % features]! += x[i]!;
  for (let f = 0; f < features; f++) mean[f] = n > 0 ? mean[f]! / n : 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - mean[i % features]!;
    sq[i % features]! += d * d;
  }
  const std = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    const s = n > 0 ? Math.sqrt(sq[f]! / n) : 0;
    // A constant column carries no information; dividing by 1 keeps it at 0 instead of NaN.
    std[f] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

function applyZScore(x: Float32Array, mean: Float64Array, std: Float64Array): void {
  const features = mean.length;
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - mean[i % features]!) / std[i % features]!;
}
