// A quick look at a dataset for the UI and the CLI: IDX headers, the CSV's columns and rows, the
// image folder's listing; the descriptor a load would record, without reading the samples.
import type { DatasetSource } from '../../shared/dataset/dataset-source';
import type { DatasetDescriptor } from '../../shared/run/run-types';
import { describeDataset } from './dataset-descriptor';
import { checkDatasetFits, checkLossFits, fittedShape } from './dataset-fit';
import type { InspectDatasetOptions } from './dataset-types';
import { openDataset } from './open-dataset';
import { splitSizes } from './split-plan';

export async function inspectDataset(source: DatasetSource, options: InspectDatasetOptions = {}): Promise<DatasetDescriptor> {
  const reader = await openDataset(source, {
    options,
    inputShape: options.inputShape,
    seed: options.seed ?? 0,
    loss: options.loss,
  });
  const sizes = splitSizes(reader.trainCount, reader.testCount, {
    seed: options.seed ?? 0,
    validationSplit: options.validationSplit ?? 0,
    limit: options.limit,
    testLimit: options.testLimit,
  });
  const descriptor = describeDataset(reader, sizes, options);
  const shape = options.inputShape ? fittedShape(descriptor.inputShape, options.inputShape) : null;
  if (shape) descriptor.inputShape = shape;
  return descriptor;
}

/** The datasets:inspect answer: the descriptor, and whether it fits the model (with the fix if not). */
export async function inspectDatasetFit(
  source: DatasetSource,
  options: InspectDatasetOptions = {},
): Promise<{ descriptor: DatasetDescriptor; fits: boolean; message?: string }> {
  const descriptor = await inspectDataset(source, options);
  const shapeFit = options.inputShape ? checkDatasetFits(descriptor, options.inputShape) : { fits: true };
  const fit = shapeFit.fits ? checkLossFits(descriptor, options.loss) : shapeFit;
  return fit.fits ? { descriptor, fits: true } : { descriptor, fits: false, message: fit.message! };
}
