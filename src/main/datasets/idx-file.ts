// Reads IDX files (the MNIST format), gzipped or not, and checks them: magic, dimensions and data
// length, with a DatasetError that names the file and what was wrong. Headers alone for inspect.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { DatasetError } from './dataset-error';

export interface IdxHeader {
  /** Dimensions; dims[0] is the item count. */
  dims: number[];
  headerBytes: number;
}

export interface IdxFile extends IdxHeader {
  /** The unsigned bytes after the header, exactly product(dims) of them. */
  data: Uint8Array;
}

const UBYTE = 0x08;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(file: string, bytes: Uint8Array, partial: boolean): Buffer {
  try {
    // A partial read (headers only) stops mid-stream: sync flush returns what inflated so far.
    return gunzipSync(bytes, partial ? { finishFlush: constants.Z_SYNC_FLUSH } : {});
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(`${file}: gzip error: ${reason}; the file is corrupt or cut short, fetch it again`, { file });
  }
}

function parseHeader(file: string, bytes: Uint8Array, expectedRank: number): IdxHeader {
  if (bytes.length < 4) {
    throw new DatasetError(`${file}: truncated header: expected at least 4 bytes got ${bytes.length}`, { file });
  }
  const type = bytes[2]!;
  const rank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || type !== UBYTE || rank !== expectedRank) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    const wanted = `0000080${expectedRank}`;
    throw new DatasetError(
      `${file}: bad magic 0x${magic}, expected 0x${wanted} (unsigned bytes, ${expectedRank} dimension${expectedRank > 1 ? 's' : ''}); this is not an IDX ${expectedRank === 1 ? 'label' : 'image'} file`,
      { file, magic },
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DatasetError(`${file}: truncated header: expected ${headerBytes} bytes got ${bytes.length}`, { file });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return { dims, headerBytes };
}

/** Reads and checks a whole IDX file of unsigned bytes with the given number of dimensions. */
export function readIdxFile(file: string, expectedRank: number): IdxFile {
  let bytes: Uint8Array = readFileSync(file);
  if (isGzip(bytes)) bytes = gunzip(file, bytes, false);
  const header = parseHeader(file, bytes, expectedRank);
  const expected = header.dims.reduce((a, b) => a * b, 1);
  const got = bytes.length - header.headerBytes;
  if (got !== expected) {
    const what = got < expected ? 'truncated data' : 'trailing data';
    throw new DatasetError(
      `${file}: ${what}: expected ${expected} bytes got ${got} (dimensions ${header.dims.join('×')}); the file is damaged, fetch it again`,
      { file, expectedBytes: expected, gotBytes: got },
    );
  }
  return { ...header, data: bytes.subarray(header.headerBytes) };
}

/** Reads only the header (the first few KiB, inflated as far as they go), for a quick look. */
export function readIdxHeader(file: string, expectedRank: number): IdxHeader {
  const fd = openSync(file, 'r');
  let head: Uint8Array;
  try {
    const size = statSync(file).size;
    const chunk = Buffer.alloc(Math.min(size, 4096));
    const n = readSync(fd, chunk, 0, chunk.length, 0);
    head = chunk.subarray(0, n);
  } finally {
    closeSync(fd);
  }
  if (isGzip(head)) head = gunzip(file, head, true);
  return parseHeader(file, head, expectedRank);
}
