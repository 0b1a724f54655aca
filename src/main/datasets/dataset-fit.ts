// Whether a dataset's samples fit a model's input shape, and if not, the fix in words: the
// input_shape to set, or the --resize / --channels / --window that would reshape the data.
import type { DatasetDescriptor } from '../../shared/run/run-types';
import { DatasetError } from './dataset-error';

export interface DatasetFit {
  fits: boolean;
  message?: string;
}

/** Keras's way of writing a shape: (28, 28, 1), (784,). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const squeeze = (shape: readonly number[]): number[] => shape.filter((d) => d !== 1);
const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The shape the samples take for this model, or null when they do not fit. Adding or dropping
 * size-1 axes ((28, 28, 1) for (28, 28)) and flattening for a rank-1 input leave the bytes as they
 * are, so those fit without copying.
 */
export function fittedShape(dataShape: readonly number[], modelShape: readonly number[]): number[] | null {
  if (same(dataShape, modelShape) || same(squeeze(dataShape), squeeze(modelShape))) return [...modelShape];
  if (modelShape.length === 1 && product(dataShape) === modelShape[0]) return [...modelShape];
  return null;
}

function noun(descriptor: DatasetDescriptor, rank: number): string {
  if (rank === 3) return 'images';
  if (descriptor.kind === 'csv') return rank === 2 ? 'windows' : 'rows';
  return rank === 2 ? 'sequences' : 'samples';
}

function imageFixes(data: number[], model: number[]): string[] {
  const [h, w, c] = data as [number, number, number];
  if (model.length === 3) {
    const [mh, mw, mc] = model as [number, number, number];
    const fixes = [`set input_shape=${formatShape(data)}`];
    const flags: string[] = [];
    if (mh !== h || mw !== w) flags.push(`--resize ${mh}x${mw}`);
    if (mc !== c) flags.push(`--channels ${mc}`);
    if (mc === 1 || mc === 3) fixes.push(`add ${flags.join(' ')}`);
    return fixes;
  }
  if (model.length === 2) {
    // A recurrent model reads an image row by row: height = time steps, width = features.
    const [t, f] = model as [number, number];
    const fixes = c === 1 ? [`set input_shape=(${h}, ${w}) to read each image row as a time step`] : [];
    fixes.push(`add --resize ${t}x${f}${c === 1 ? '' : ' --channels 1'}`);
    return fixes;
  }
  if (model.length === 1) {
    return [`set input_shape=(${h * w * c},)`, `set input_shape=${formatShape(data)} and add a Flatten layer before the first Dense`];
  }
  return [`set input_shape=${formatShape(data)}`];
}

function sequenceFixes(descriptor: DatasetDescriptor, data: number[], model: number[]): string[] {
  const csv = descriptor.kind === 'csv';
  const features = data[data.length - 1]!;
  if (data.length === 2) {
    const [w] = data as [number, number];
    if (model.length === 2) {
      const [t, f] = model as [number, number];
      if (csv && f === features && t !== w) return [`set input_shape=${formatShape(data)}`, `use --window ${t}`];
      return [`set input_shape=${formatShape(data)} (${features} features per time step)`];
    }
    if (model.length === 1 && csv && model[0] === features) return [`drop --window to train on one row per sample`, `set input_shape=${formatShape(data)}`];
    return [`set input_shape=${formatShape(data)}${csv ? ` for a recurrent model, or drop --window and set input_shape=(${features},)` : ''}`];
  }
  // One CSV row per sample.
  if (model.length === 2 && csv) {
    const [t, f] = model as [number, number];
    if (f === features) return [`add --window ${t} to make sequences of ${t} rows`, `set input_shape=(${features},) for a Dense model`];
    return [`set input_shape=(${t}, ${features}) and add --window ${t}`, `set input_shape=(${features},) for a Dense model`];
  }
  return [`set input_shape=${formatShape(data)}`];
}

/** Whether the data fits the model's input shape; when not, a message naming the fix. */
export function checkDatasetFits(descriptor: DatasetDescriptor, inputShape: readonly number[]): DatasetFit {
  const data = descriptor.inputShape;
  const model = [...inputShape];
  if (fittedShape(data, model)) return { fits: true };
  const fixes = data.length === 3 ? imageFixes(data, model) : sequenceFixes(descriptor, data, model);
  const head = `the model expects ${formatShape(model)} but ${descriptor.name} ${noun(descriptor, data.length)} are ${formatShape(data)}`;
  return { fits: false, message: `${head}: ${fixes.join(', or ')}` };
}

/** checkDatasetFits as a DatasetError, for the trainer before the first batch. */
export function assertDatasetFits(descriptor: DatasetDescriptor, inputShape: readonly number[]): void {
  const fit = checkDatasetFits(descriptor, inputShape);
  if (!fit.fits) {
    throw new DatasetError(fit.message!, { expected: [...inputShape], actual: descriptor.inputShape, dataset: descriptor.name });
  }
}

/** Whether the labels suit the loss: binary_crossentropy takes 0/1 labels only. */
export function checkLossFits(descriptor: DatasetDescriptor, loss: string | undefined): DatasetFit {
  if (loss === 'binary_crossentropy' && descriptor.numClasses > 2) {
    return {
      fits: false,
      message:
        `binary_crossentropy takes labels 0/1, but ${descriptor.name} has ${descriptor.numClasses} classes: ` +
        `use loss sparse_categorical_crossentropy with a last layer Dense(${descriptor.numClasses}, activation='softmax')`,
    };
  }
  const classifier = loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy' || loss === 'binary_crossentropy';
  if (classifier && descriptor.numClasses === 0) {
    return { fits: false, message: `${loss} needs class labels, but ${descriptor.name} has a numeric (regression) target: use loss mse or mae` };
  }
  return { fits: true };
}
