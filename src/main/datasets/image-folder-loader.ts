// A folder of PNG/JPEG images, one sub-folder per class (optionally under train/ and test/),
// decoded with sharp and resized to the model's input shape; pixels / 255, 1 or 3 channels.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { DatasetError } from './dataset-error';
import type { DatasetReader, OpenContext, Split } from './dataset-types';
import type { ImageShape } from './pixel-convert';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
/** Images decoded at once; sharp works on libuv's pool of 4 threads. */
const DECODE_CONCURRENCY = 4;

interface ImageEntry {
  file: string;
  label: number;
}

interface FolderListing {
  classNames: string[];
  train: ImageEntry[];
  test: ImageEntry[];
  skipped: number;
  layout: 'class-folders' | 'train-test';
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
}

function listClasses(root: string, classNames: string[], what: string): { entries: ImageEntry[]; skipped: number } {
  const entries: ImageEntry[] = [];
  let skipped = 0;
  classNames.forEach((name, label) => {
    const dir = join(root, name);
    const files = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
    const images = files.filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()));
    skipped += files.length - images.length;
    if (images.length === 0) {
      throw new DatasetError(`${what} class folder ${dir} has no PNG or JPEG images: add some or remove the folder`, { file: dir });
    }
    for (const f of images) entries.push({ file: join(dir, f), label });
  });
  return { entries, skipped };
}

export function listImageFolder(path: string): FolderListing {
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new DatasetError(`image folder ${path} does not exist or is not a folder: pass a folder with one sub-folder of images per class`, {
      file: path,
    });
  }
  const top = subfolders(path);
  if (top.includes('train') && top.includes('test') && top.every((d) => d === 'train' || d === 'test')) {
    const classNames = subfolders(join(path, 'train'));
    if (classNames.length < 2) {
      throw new DatasetError(`${join(path, 'train')} needs one sub-folder per class (at least two), found ${classNames.length}`, { file: path });
    }
    const testClasses = subfolders(join(path, 'test'));
    const unknown = testClasses.filter((c) => !classNames.includes(c));
    if (unknown.length > 0) {
      throw new DatasetError(`${join(path, 'test')} has classes not in train/: ${unknown.join(', ')}; the class folders must match`, {
        file: join(path, 'test'),
      });
    }
    const train = listClasses(join(path, 'train'), classNames, 'train');
    const test = listClasses(join(path, 'test'), testClasses, 'test');
    // Test labels are indices into the train class list.
    const remap = testClasses.map((c) => classNames.indexOf(c));
    const testEntries = test.entries.map((e) => ({ file: e.file, label: remap[e.label]! }));
    return { classNames, train: train.entries, test: testEntries, skipped: train.skipped + test.skipped, layout: 'train-test' };
  }
  if (top.length < 2) {
    throw new DatasetError(
      `image folder ${path} needs one sub-folder per class (at least two), found ${top.length === 0 ? 'none' : top.join(', ')}`,
      { file: path },
    );
  }
  const { entries, skipped } = listClasses(path, top, 'image');
  return { classNames: top, train: entries, test: [], skipped, layout: 'class-folders' };
}

async function probeShape(file: string): Promise<ImageShape> {
  try {
    const meta = await sharp(file).metadata();
    const colour = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0);
    return { height: meta.height ?? 0, width: meta.width ?? 0, channels: colour === 1 || meta.space === 'b-w' ? 1 : 3 };
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): DatasetError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DatasetError(`cannot read image ${file}: ${reason.trim()}; replace or remove the file`, { file });
}

/** Decodes to sRGB at the target size; grey is then BT.601 luma of the sRGB values, as PIL's
 * convert('L') and tf.image.rgb_to_grayscale compute it (libvips' b-w works in linear light). */
async function decodeImage(file: string, shape: ImageShape): Promise<Uint8Array | Float32Array> {
  let data: Buffer;
  try {
    const out = await sharp(file)
      .removeAlpha()
      .resize(shape.width, shape.height, { fit: 'fill' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (out.info.channels !== 3 || out.info.width !== shape.width || out.info.height !== shape.height) {
      throw new Error(`decoded as ${out.info.height}×${out.info.width}×${out.info.channels}, expected ${shape.height}×${shape.width}×3`);
    }
    data = out.data;
  } catch (error) {
    throw unreadable(file, error);
  }
  if (shape.channels === 3) return data;
  const grey = new Float32Array(shape.height * shape.width);
  for (let p = 0; p < grey.length; p++) grey[p] = 0.299 * data[p * 3]! + 0.587 * data[p * 3 + 1]! + 0.114 * data[p * 3 + 2]!;
  return grey;
}

function targetShape(native: ImageShape, ctx: OpenContext): ImageShape {
  const model = ctx.inputShape?.length === 3 ? ctx.inputShape : undefined;
  const [height, width] = ctx.options.resize ?? (model ? [model[0]!, model[1]!] : [native.height, native.width]);
  const modelChannels = model?.[2] === 1 || model?.[2] === 3 ? model[2] : undefined;
  return { height, width, channels: ctx.options.channels ?? modelChannels ?? native.channels };
}

export async function openImageFolder(path: string, ctx: OpenContext): Promise<DatasetReader> {
  const listing = listImageFolder(path);
  const native = await probeShape(listing.train[0]!.file);
  const shape = targetShape(native, ctx);
  const size = shape.height * shape.width * shape.channels;

  return {
    kind: 'image-folder',
    name: basename(resolve(path)),
    source: path,
    sampleShape: [shape.height, shape.width, shape.channels],
    numClasses: listing.classNames.length,
    classNames: listing.classNames,
    trainCount: listing.train.length,
    testCount: listing.test.length,
    normalization: `pixels / 255 (decoded and resized to ${shape.height}×${shape.width}, ${shape.channels === 1 ? 'grey' : 'RGB'}, with sharp)`,
    options: {
      layout: listing.layout,
      ...(listing.skipped > 0 ? { skippedFiles: listing.skipped } : {}),
      ...(ctx.options.resize ? { resize: ctx.options.resize } : {}),
      ...(ctx.options.channels ? { channels: ctx.options.channels } : {}),
    },
    async read(part, indices): Promise<Split> {
      const entries = part === 'train' ? listing.train : listing.test;
      const x = new Float32Array(indices.length * size);
      const y = new Float32Array(indices.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < indices.length) {
          const i = next++;
          const entry = entries[indices[i]!]!;
          const pixels = await decodeImage(entry.file, shape);
          const offset = i * size;
          for (let k = 0; k < size; k++) x[offset + k] = pixels[k]! / 255;
          y[i] = entry.label;
        }
      };
      await Promise.all(Array.from({ length: Math.min(DECODE_CONCURRENCY, indices.length) }, worker));
      return { x, y, count: indices.length, sampleShape: [shape.height, shape.width, shape.channels] };
    },
  };
}
