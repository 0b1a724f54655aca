// loadDataset: open the source, check it fits the model and the loss, split it (seeded), read
// the samples and normalize them. Everything that can be wrong with the data is a DatasetError
// raised here, before the trainer builds anything.
import type { DatasetSource } from '../../shared/dataset/dataset-source';
import { describeDataset } from './dataset-descriptor';
import { DatasetError } from './dataset-error';
import { assertDatasetFits, checkLossFits, fittedShape } from './dataset-fit';
import type { LoadDatasetOptions, LoadedDataset, Split } from './dataset-types';
import { openDataset } from './open-dataset';
import { planSplits, splitSizes } from './split-plan';

/** Above this many bytes of samples in memory, a load is refused with a --limit that fits. */
export const MAX_DATASET_BYTES = 4 * 1024 ** 3;

function checkMemory(name: string, sampleShape: number[], samples: number): void {
  const perSample = sampleShape.reduce((a, b) => a * b, 1) * 4;
  const bytes = perSample * samples;
  if (bytes > MAX_DATASET_BYTES) {
    const fits = Math.floor(MAX_DATASET_BYTES / perSample);
    throw new DatasetError(
      `${name} at (${sampleShape.join(', ')}) would take ${(bytes / 1e9).toFixed(1)} GB as float32: ` +
        `add --limit (at most about ${fits} samples in all), --testLimit, or a smaller --resize`,
      { bytes },
    );
  }
}

export async function loadDataset(source: DatasetSource, options: LoadDatasetOptions): Promise<LoadedDataset> {
  const reader = await openDataset(source, {
    options,
    inputShape: options.inputShape,
    seed: options.seed,
    loss: options.loss,
  });
  const descriptor = describeDataset(reader, splitSizes(reader.trainCount, reader.testCount, options), options);
  if (options.inputShape) assertDatasetFits(descriptor, options.inputShape);
  const lossFit = checkLossFits(descriptor, options.loss);
  if (!lossFit.fits) throw new DatasetError(lossFit.message!, { loss: options.loss, numClasses: descriptor.numClasses });

  const plan = planSplits(reader.trainCount, reader.testCount, options);
  checkMemory(descriptor.name, reader.sampleShape, plan.train.length + plan.validation.length + plan.test.length);
  const train = await reader.read('train', plan.train);
  const validation = plan.validation.length > 0 ? await reader.read('train', plan.validation) : null;
  const test = plan.test.length > 0 ? await reader.read('test', plan.test) : null;
  const others = [validation, test].filter((s): s is Split => s !== null);

  if (reader.normalize) {
    const fitted = reader.normalize(train, others);
    descriptor.normalization = fitted.normalization;
    Object.assign(descriptor.options, fitted.options);
  }
  // Samples take the model's own shape when they fit it by dropping size-1 axes or flattening.
  if (options.inputShape) {
    const shape = fittedShape(descriptor.inputShape, options.inputShape)!;
    descriptor.inputShape = shape;
    for (const split of [train, ...others]) split.sampleShape = [...shape];
  }
  return { descriptor, train, validation, test };
}
