// A stable fingerprint of loaded data for the run's 'started' event: sha256 over every split's
// shape and labels and an evenly spaced sample of its input bytes (hashing all 188 MB of
// Fashion-MNIST's floats would cost more than loading them).
import { createHash } from 'node:crypto';
import type { LoadedDataset, Split } from './dataset-types';

const CHUNKS = 256;
const CHUNK_BYTES = 256;

function hashSplit(hash: ReturnType<typeof createHash>, name: string, split: Split | null): void {
  if (!split) {
    hash.update(`${name}:none;`);
    return;
  }
  hash.update(`${name}:${split.count}:${split.sampleShape.join('x')}:${split.x.length};`);
  hash.update(new Uint8Array(split.y.buffer, split.y.byteOffset, split.y.byteLength));
  const bytes = new Uint8Array(split.x.buffer, split.x.byteOffset, split.x.byteLength);
  if (bytes.length <= CHUNKS * CHUNK_BYTES) {
    hash.update(bytes);
    return;
  }
  const stride = Math.floor((bytes.length - CHUNK_BYTES) / (CHUNKS - 1));
  for (let i = 0; i < CHUNKS; i++) hash.update(bytes.subarray(i * stride, i * stride + CHUNK_BYTES));
}

/** Hex sha256; equal data gives an equal hash wherever it was loaded from. */
export function datasetHash(loaded: LoadedDataset): string {
  const hash = createHash('sha256');
  hash.update(`trainbench-dataset-v1;${loaded.descriptor.normalization};`);
  hashSplit(hash, 'train', loaded.train);
  hashSplit(hash, 'validation', loaded.validation);
  hashSplit(hash, 'test', loaded.test);
  return hash.digest('hex');
}
