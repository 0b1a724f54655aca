// Image folders written by the test with sharp (PNG and JPEG, grey and colour, several sizes):
// classes from sub-folders, resize to the model's input, channels, and unreadable files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, inspectDataset, loadDataset } from '../../../src/main/datasets';

const root = mkdtempSync(join(tmpdir(), 'tb-img-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function solid(path: string, w: number, h: number, rgb: [number, number, number], format: 'png' | 'jpeg'): Promise<void> {
  const image = sharp({ create: { width: w, height: h, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  await (format === 'png' ? image.png() : image.jpeg({ quality: 95 })).toFile(path);
}

async function greyPng(path: string, w: number, h: number, value: number): Promise<void> {
  await sharp(Buffer.alloc(w * h, value), { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').png().toFile(path);
}

/** cars/ (red PNGs), dogs/ (blue JPEGs), grey/ (grey PNGs), at several sizes. */
async function writeFolder(dir: string): Promise<void> {
  for (const c of ['cars', 'dogs', 'grey']) mkdirSync(join(dir, c), { recursive: true });
  await solid(join(dir, 'cars', 'a.png'), 10, 12, [255, 0, 0], 'png');
  await solid(join(dir, 'cars', 'b.PNG'), 30, 20, [255, 0, 0], 'png');
  await solid(join(dir, 'dogs', 'a.jpg'), 16, 16, [0, 0, 255], 'jpeg');
  await solid(join(dir, 'dogs', 'b.jpeg'), 7, 9, [0, 0, 255], 'jpeg');
  await greyPng(join(dir, 'grey', 'a.png'), 10, 12, 128);
  writeFileSync(join(dir, 'grey', 'notes.txt'), 'not an image');
}

const folder = join(root, 'simple');

describe('image folders', () => {
  beforeAll(() => writeFolder(folder));

  it('reads classes from sub-folders and resizes every image to the model input', async () => {
    const data = await loadDataset({ kind: 'image-folder', path: folder }, { seed: 1, validationSplit: 0, inputShape: [8, 8, 3] });
    const d = data.descriptor;
    expect(d.classNames).toEqual(['cars', 'dogs', 'grey']);
    expect(d.inputShape).toEqual([8, 8, 3]);
    expect(d.options.skippedFiles).toBe(1);
    expect(data.train.count).toBe(5);
    expect(Array.from(data.train.y)).toEqual([0, 0, 1, 1, 2]);
    const size = 8 * 8 * 3;
    const pixel = (n: number, p: number): number[] => Array.from(data.train.x.subarray(n * size + p * 3, n * size + p * 3 + 3));
    // Red PNG: exact. Blue JPEG: close. Grey PNG: the same value in all three channels.
    expect(pixel(1, 20)).toEqual([1, 0, 0]);
    const blue = pixel(3, 33);
    expect(blue[0]!).toBeLessThan(0.05);
    expect(blue[2]!).toBeGreaterThan(0.95);
    expect(pixel(4, 10)).toEqual([128 / 255, 128 / 255, 128 / 255].map((v) => Math.fround(v)));
  });

  it('converts to one channel and honours --resize over the model shape', async () => {
    const data = await loadDataset({ kind: 'image-folder', path: folder }, { seed: 1, validationSplit: 0, resize: [5, 6], channels: 1 });
    expect(data.train.sampleShape).toEqual([5, 6, 1]);
    // Red in grey is its BT.601 luma (as PIL's convert('L')); grey stays grey.
    expect(data.train.x[0]!).toBeCloseTo(0.299, 5);
    expect(data.train.x[4 * 30 + 7]!).toBeCloseTo(128 / 255, 5);
    expect(data.descriptor.options).toMatchObject({ resize: [5, 6], channels: 1 });
  });

  it('uses train/ and test/ sub-folders when the folder has them', async () => {
    const split = join(root, 'split');
    await writeFolder(join(split, 'train'));
    mkdirSync(join(split, 'test', 'dogs'), { recursive: true });
    await solid(join(split, 'test', 'dogs', 'x.png'), 8, 8, [0, 0, 255], 'png');
    const data = await loadDataset({ kind: 'image-folder', path: split }, { seed: 1, validationSplit: 0.4, inputShape: [4, 4, 3] });
    expect(data.descriptor.options.layout).toBe('train-test');
    expect(data.train.count + data.validation!.count).toBe(5);
    expect(data.validation!.count).toBe(2);
    expect(data.test?.count).toBe(1);
    expect(Array.from(data.test!.y)).toEqual([1]);
  });

  it('names an unreadable image and refuses a folder without class sub-folders', async () => {
    const broken = join(root, 'broken');
    await writeFolder(broken);
    writeFileSync(join(broken, 'dogs', 'c.jpg'), Buffer.from('this is not a jpeg'));
    const error = await loadDataset({ kind: 'image-folder', path: broken }, { seed: 1, validationSplit: 0, inputShape: [8, 8, 3] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toContain(`cannot read image ${join(broken, 'dogs', 'c.jpg')}`);

    const flat = join(root, 'flat');
    mkdirSync(flat);
    await solid(join(flat, 'a.png'), 4, 4, [1, 2, 3], 'png');
    await expect(inspectDataset({ kind: 'image-folder', path: flat })).rejects.toThrow(/needs one sub-folder per class \(at least two\), found none/);
  });

  it('inspects from the listing and the first image header', async () => {
    const d = await inspectDataset({ kind: 'image-folder', path: folder });
    expect(d).toMatchObject({ kind: 'image-folder', name: 'simple', trainSize: 5, numClasses: 3, inputShape: [12, 10, 3] });
  });
});
