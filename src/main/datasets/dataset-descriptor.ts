// Builds the DatasetDescriptor recorded with a run from an opened reader and the split sizes,
// with the options that shaped the data (seed, split, limits, resize, window, ...).
import type { DatasetDescriptor } from '../../shared/run/run-types';
import type { DatasetReader, InspectDatasetOptions } from './dataset-types';
import type { SplitSizes } from './split-plan';

export function describeDataset(reader: DatasetReader, sizes: SplitSizes, options: InspectDatasetOptions): DatasetDescriptor {
  const recorded: Record<string, unknown> = { ...reader.options };
  if (options.seed !== undefined) recorded.seed = options.seed;
  if (options.validationSplit !== undefined) recorded.validationSplit = options.validationSplit;
  if (options.limit !== undefined) recorded.limit = options.limit;
  if (options.testLimit !== undefined) recorded.testLimit = options.testLimit;
  return {
    kind: reader.kind,
    name: reader.name,
    source: reader.source,
    inputShape: [...reader.sampleShape],
    numClasses: reader.numClasses,
    classNames: [...reader.classNames],
    trainSize: sizes.train,
    validationSize: sizes.validation,
    testSize: sizes.test,
    normalization: reader.normalization,
    options: recorded,
  };
}
