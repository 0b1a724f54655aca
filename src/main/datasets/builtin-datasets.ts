// The datasets Trainbench offers without a file of the user's: Fashion-MNIST from Debian's
// package when installed, MNIST from a folder the user names, and generated random data.
import type { BuiltinDataset } from '../../shared/api/channels/datasets-channels';
import { DatasetError } from './dataset-error';
import { inspectDataset } from './inspect-dataset';
import { FASHION_MNIST_DIR } from './mnist-loader';
import { RANDOM_DEFAULT_SAMPLES, RANDOM_DEFAULT_SHAPE } from './random-loader';

export async function listBuiltinDatasets(fashionDir: string = FASHION_MNIST_DIR): Promise<BuiltinDataset[]> {
  let fashion: BuiltinDataset;
  try {
    const d = await inspectDataset({ kind: 'fashion-mnist', dir: fashionDir });
    fashion = { kind: 'fashion-mnist', name: d.name, available: true, inputShape: d.inputShape, numClasses: d.numClasses, trainSize: d.trainSize, testSize: d.testSize };
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    fashion = {
      kind: 'fashion-mnist',
      name: 'Fashion-MNIST',
      available: false,
      reason: error.message,
      inputShape: [28, 28, 1],
      numClasses: 10,
      trainSize: 60000,
      testSize: 10000,
    };
  }
  return [
    fashion,
    {
      kind: 'mnist',
      name: 'MNIST',
      available: false,
      reason: 'needs a folder: no Debian package ships MNIST; download its four IDX files and pass the folder holding them',
      inputShape: [28, 28, 1],
      numClasses: 10,
      trainSize: 60000,
      testSize: 10000,
    },
    {
      kind: 'random',
      name: 'Random',
      available: true,
      inputShape: [...RANDOM_DEFAULT_SHAPE],
      numClasses: 2,
      trainSize: RANDOM_DEFAULT_SAMPLES,
      testSize: 0,
    },
  ];
}
