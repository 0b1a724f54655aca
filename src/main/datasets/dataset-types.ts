// Types shared by the dataset loaders and the public entry (index.ts): what a loaded dataset is,
// the options a load takes, and the small reader interface each loader implements.
import type { DatasetOptions } from '../../shared/dataset/dataset-source';
import type { DatasetDescriptor, DatasetKind } from '../../shared/run/run-types';
import type { LossName } from '../../shared/spec/model-spec';

/** One part of a dataset, flat and row-major: x holds count samples of sampleShape each. */
export interface Split {
  x: Float32Array;
  /** Class index for classification, 0/1 for binary, the target value for regression. */
  y: Float32Array;
  count: number;
  sampleShape: number[];
}

export interface LoadedDataset {
  descriptor: DatasetDescriptor;
  train: Split;
  validation: Split | null;
  test: Split | null;
}

export interface LoadDatasetOptions extends DatasetOptions {
  /** The model's input shape without batch; images are resized to it, random data is made in it. */
  inputShape?: number[];
  seed: number;
  /** Fraction of the training samples held out for validation (seeded shuffle), 0 for none. */
  validationSplit: number;
  loss?: LossName;
}

export type InspectDatasetOptions = DatasetOptions & Partial<Omit<LoadDatasetOptions, keyof DatasetOptions>>;

/** What opening a source gives: its shape and sizes at once, its samples on demand. */
export interface DatasetReader {
  kind: DatasetKind;
  name: string;
  source: string;
  /** Per-sample shape after resize/channels/window. */
  sampleShape: number[];
  /** 0 for a regression target. */
  numClasses: number;
  classNames: string[];
  trainCount: number;
  testCount: number;
  normalization: string;
  /** Loader-specific options to record (window, label column, ...). */
  options: Record<string, unknown>;
  /** Reads the samples at the given indices (ascending) of the train or test part. */
  read(part: 'train' | 'test', indices: Int32Array): Promise<Split>;
  /** Fits a normalization on the train split and applies it to every split in place. */
  normalize?(train: Split, others: Split[]): { normalization: string; options: Record<string, unknown> };
}

export interface OpenContext {
  options: DatasetOptions;
  inputShape?: number[];
  seed: number;
  loss?: LossName;
}
