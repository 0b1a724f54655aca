// Writes small IDX files (valid, or broken on purpose) into a temp folder for the loader tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function idxBytes(dims: number[], data: Uint8Array, typeByte = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeByte;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

const written: string[] = [];

/** Removes every folder writeTinySet made (call from afterAll). */
export function removeTinySets(): void {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TinySet {
  dir: string;
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** A folder with train (count) and test (count / 2) IDX files of rows×cols images, pixel values from a formula. */
export function writeTinySet(opts: { count?: number; rows?: number; cols?: number; gzip?: boolean } = {}): TinySet {
  const count = opts.count ?? 20;
  const rows = opts.rows ?? 4;
  const cols = opts.cols ?? 4;
  const dir = mkdtempSync(join(tmpdir(), 'tb-idx-'));
  written.push(dir);
  const make = (n: number, salt: number): { images: Uint8Array; labels: Uint8Array } => {
    const images = new Uint8Array(n * rows * cols);
    for (let i = 0; i < images.length; i++) images[i] = (i * 37 + salt) % 256;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 3 + salt) % 10);
    return { images, labels };
  };
  const train = make(count, 0);
  const test = make(Math.floor(count / 2), 5);
  const write = (name: string, bytes: Buffer): void => {
    writeFileSync(join(dir, opts.gzip ? `${name}.gz` : name), opts.gzip ? gzipSync(bytes) : bytes);
  };
  write('train-images-idx3-ubyte', idxBytes([count, rows, cols], train.images));
  write('train-labels-idx1-ubyte', idxBytes([count], train.labels));
  write('t10k-images-idx3-ubyte', idxBytes([Math.floor(count / 2), rows, cols], test.images));
  write('t10k-labels-idx1-ubyte', idxBytes([Math.floor(count / 2)], test.labels));
  return { dir, ...train, count, rows, cols };
}
