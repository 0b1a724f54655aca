// Fashion-MNIST and MNIST from a folder of IDX files (gzipped or not): finds the four files,
// checks them against each other, and serves images as pixels / 255 in the shape asked for.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetDescriptor } from '../../shared/run/run-types';
import { DatasetError } from './dataset-error';
import type { DatasetReader, OpenContext, Split } from './dataset-types';
import { readIdxFile, readIdxHeader, type IdxFile } from './idx-file';
import { convertImages, type ImageShape } from './pixel-convert';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const IDX_NAMES = {
  trainImages: ['train-images-idx3-ubyte', 'train-images.idx3-ubyte'],
  trainLabels: ['train-labels-idx1-ubyte', 'train-labels.idx1-ubyte'],
  testImages: ['t10k-images-idx3-ubyte', 't10k-images.idx3-ubyte'],
  testLabels: ['t10k-labels-idx1-ubyte', 't10k-labels.idx1-ubyte'],
} as const;
type IdxRole = keyof typeof IDX_NAMES;

type MnistKind = 'fashion-mnist' | 'mnist';

export function mnistDisplayName(kind: MnistKind): string {
  return kind === 'fashion-mnist' ? 'Fashion-MNIST' : 'MNIST';
}

function findIdx(dir: string, role: IdxRole): string | null {
  for (const base of IDX_NAMES[role]) {
    for (const name of [`${base}.gz`, base]) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

/** The folder to read, or a DatasetError that says how to get one. */
export function resolveMnistDir(kind: MnistKind, dir: string | undefined): string {
  if (kind === 'mnist' && !dir) {
    throw new DatasetError(
      'MNIST needs a folder: no Debian package ships it. Download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ' +
        't10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz and pass the folder holding them as the dataset folder (dir)',
    );
  }
  const folder = dir ?? FASHION_MNIST_DIR;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    const fix =
      kind === 'fashion-mnist' && folder === FASHION_MNIST_DIR
        ? 'run `apt-get install dataset-fashion-mnist`, or pass a folder holding the four IDX files'
        : `pass a folder holding the four ${mnistDisplayName(kind)} IDX files` +
          (kind === 'fashion-mnist' ? ' (or `apt-get install dataset-fashion-mnist` and leave the folder out)' : '');
    throw new DatasetError(`${mnistDisplayName(kind)} folder ${folder} does not exist: ${fix}`, { file: folder });
  }
  return folder;
}

interface MnistFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string | null;
  testLabels: string | null;
}

function locateFiles(kind: MnistKind, dir: string): MnistFiles {
  const need = (role: IdxRole): string => {
    const path = findIdx(dir, role);
    if (path) return path;
    const fix = kind === 'fashion-mnist' && dir === FASHION_MNIST_DIR ? ' (reinstall with `apt-get install --reinstall dataset-fashion-mnist`)' : '';
    throw new DatasetError(`${mnistDisplayName(kind)}: ${join(dir, IDX_NAMES[role][0])}(.gz) is missing from ${dir}${fix}`, {
      file: join(dir, `${IDX_NAMES[role][0]}.gz`),
    });
  };
  const testImages = findIdx(dir, 'testImages');
  const testLabels = findIdx(dir, 'testLabels');
  // The test pair is optional, but half a pair is a broken folder.
  if ((testImages === null) !== (testLabels === null)) need(testImages === null ? 'testImages' : 'testLabels');
  return { trainImages: need('trainImages'), trainLabels: need('trainLabels'), testImages, testLabels };
}

function checkPair(images: { dims: number[] }, labels: { dims: number[] }, imageFile: string, labelFile: string): void {
  if (images.dims[0] !== labels.dims[0]) {
    throw new DatasetError(
      `count mismatch: ${imageFile} holds ${images.dims[0]} images but ${labelFile} holds ${labels.dims[0]} labels; one of the files is from another set or damaged`,
      { file: imageFile, images: images.dims[0], labels: labels.dims[0] },
    );
  }
}

function checkLabels(file: string, labels: IdxFile, numClasses: number): void {
  const data = labels.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! >= numClasses) {
      throw new DatasetError(`${file}: label ${data[i]} at index ${i} is out of range 0–${numClasses - 1}; the file is damaged`, { file, index: i });
    }
  }
}

/** The target image shape: the files' own, changed by --resize and --channels. */
function targetShape(native: ImageShape, ctx: OpenContext): ImageShape {
  const [height, width] = ctx.options.resize ?? [native.height, native.width];
  return { height, width, channels: ctx.options.channels ?? native.channels };
}

export function openMnist(kind: MnistKind, dir: string | undefined, ctx: OpenContext): DatasetReader {
  const folder = resolveMnistDir(kind, dir);
  const files = locateFiles(kind, folder);
  const trainImagesHeader = readIdxHeader(files.trainImages, 3);
  const trainLabelsHeader = readIdxHeader(files.trainLabels, 1);
  checkPair(trainImagesHeader, trainLabelsHeader, files.trainImages, files.trainLabels);
  let testCount = 0;
  if (files.testImages && files.testLabels) {
    const ti = readIdxHeader(files.testImages, 3);
    checkPair(ti, readIdxHeader(files.testLabels, 1), files.testImages, files.testLabels);
    testCount = ti.dims[0]!;
  }
  const native: ImageShape = { height: trainImagesHeader.dims[1]!, width: trainImagesHeader.dims[2]!, channels: 1 };
  const shape = targetShape(native, ctx);
  const classNames = kind === 'fashion-mnist' ? FASHION_MNIST_CLASSES : MNIST_CLASSES;

  // Each part is read and checked once, on first use; the validation split reads the train part again.
  const cache = new Map<'train' | 'test', { images: IdxFile; labels: IdxFile }>();
  const part = (which: 'train' | 'test'): { images: IdxFile; labels: IdxFile } => {
    const hit = cache.get(which);
    if (hit) return hit;
    const imageFile = which === 'train' ? files.trainImages : files.testImages!;
    const labelFile = which === 'train' ? files.trainLabels : files.testLabels!;
    const images = readIdxFile(imageFile, 3);
    const labels = readIdxFile(labelFile, 1);
    checkPair(images, labels, imageFile, labelFile);
    if (images.dims[1] !== native.height || images.dims[2] !== native.width) {
      throw new DatasetError(
        `${imageFile}: images are ${images.dims[1]}×${images.dims[2]} but the training images are ${native.height}×${native.width}`,
        { file: imageFile },
      );
    }
    checkLabels(labelFile, labels, classNames.length);
    const entry = { images, labels };
    cache.set(which, entry);
    return entry;
  };

  const options: DatasetDescriptor['options'] = { dir: folder };
  if (ctx.options.resize) options.resize = ctx.options.resize;
  if (ctx.options.channels) options.channels = ctx.options.channels;
  const notes: string[] = [];
  if (shape.height !== native.height || shape.width !== native.width) {
    notes.push(`bilinear resize ${native.height}×${native.width} → ${shape.height}×${shape.width}`);
  }
  if (shape.channels === 3) notes.push('grey → RGB by replication');

  return {
    kind,
    name: mnistDisplayName(kind),
    source: folder,
    sampleShape: [shape.height, shape.width, shape.channels],
    numClasses: classNames.length,
    classNames: [...classNames],
    trainCount: trainImagesHeader.dims[0]!,
    testCount,
    normalization: notes.length > 0 ? `pixels / 255 (${notes.join(', ')})` : 'pixels / 255',
    options,
    async read(which, indices): Promise<Split> {
      const { images, labels } = part(which);
      const x = new Float32Array(indices.length * shape.height * shape.width * shape.channels);
      convertImages(images.data, native, indices, shape, x);
      const y = new Float32Array(indices.length);
      for (let i = 0; i < indices.length; i++) y[i] = labels.data[indices[i]!]!;
      return { x, y, count: indices.length, sampleShape: [shape.height, shape.width, shape.channels] };
    },
  };
}
