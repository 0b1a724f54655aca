// Turns a CSV label column into targets: strings become class indices in sorted order, integer
// labels ≥ 0 stay as they are, other numbers are a regression target (or an error for a classifier).
import type { LossName } from '../../shared/spec/model-spec';
import { DatasetError } from './dataset-error';

export interface LabelMapping {
  y: Float64Array;
  /** 0 when the labels are a regression target. */
  numClasses: number;
  classNames: string[];
  task: 'classification' | 'regression';
}

const REGRESSION_LOSSES: ReadonlySet<LossName> = new Set(['mse', 'mae']);

export function mapLabels(labels: string[], column: string, loss: LossName | undefined, where: (row: number) => string): LabelMapping {
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  if (numeric) {
    const values = Float64Array.from(labels, Number);
    if (loss !== undefined && REGRESSION_LOSSES.has(loss)) return { y: values, numClasses: 0, classNames: [], task: 'regression' };
    const fractional = values.findIndex((v) => !Number.isInteger(v));
    if (fractional >= 0) {
      if (loss === undefined) return { y: values, numClasses: 0, classNames: [], task: 'regression' };
      throw new DatasetError(
        `label column "${column}" holds a non-integer value ${labels[fractional]} (${where(fractional)}), which ${loss} cannot take: ` +
          'use loss mse or mae for a regression target, or integer class labels',
        { column, row: fractional + 1 },
      );
    }
    if (values.every((v) => v >= 0)) {
      const numClasses = values.reduce((m, v) => Math.max(m, v), 0) + 1;
      return { y: values, numClasses, classNames: Array.from({ length: numClasses }, (_, i) => String(i)), task: 'classification' };
    }
    // Negative integers: map the distinct values, in numeric order, to 0..k-1.
    const distinct = [...new Set(values)].sort((a, b) => a - b);
    const index = new Map(distinct.map((v, i) => [v, i]));
    return {
      y: Float64Array.from(values, (v) => index.get(v)!),
      numClasses: distinct.length,
      classNames: distinct.map(String),
      task: 'classification',
    };
  }
  if (loss !== undefined && REGRESSION_LOSSES.has(loss)) {
    const bad = labels.findIndex((l) => !Number.isFinite(Number(l)));
    throw new DatasetError(`label column "${column}": "${labels[bad]}" (${where(bad)}) is not a number, but ${loss} needs a numeric target`, {
      column,
      row: bad + 1,
    });
  }
  const classNames = [...new Set(labels)].sort();
  const index = new Map(classNames.map((name, i) => [name, i]));
  return { y: Float64Array.from(labels, (l) => index.get(l)!), numClasses: classNames.length, classNames, task: 'classification' };
}
