// Public entry of the datasets module: load a dataset for training, look at one for the UI,
// check it fits a model, list the built-in ones. Loaders live in their own files behind this.
export { loadDataset, MAX_DATASET_BYTES } from './load-dataset';
export { inspectDataset, inspectDatasetFit } from './inspect-dataset';
export { assertDatasetFits, checkDatasetFits, checkLossFits, fittedShape, formatShape, type DatasetFit } from './dataset-fit';
export { listBuiltinDatasets } from './builtin-datasets';
export { datasetHash } from './dataset-hash';
export { DatasetError, type DatasetErrorDetails } from './dataset-error';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, MNIST_CLASSES } from './mnist-loader';
export type { InspectDatasetOptions, LoadDatasetOptions, LoadedDataset, Split } from './dataset-types';
