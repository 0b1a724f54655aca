// Shared by the training tests: temp data homes with a real RunStore, small specs built from
// the templates, and IDX folders (a broken one on purpose) for the refusal tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RunStore, type RunStoreOptions } from '../../../src/main/store';
import { DEFAULT_COMPILE, DEFAULT_FIT, MODEL_SPEC_FORMAT, MODEL_SPEC_VERSION, type CompileSpec, type FitSpec, type LayerSpec, type ModelSpec } from '../../../src/shared/spec/model-spec';
import { TEMPLATES, type TemplateId } from '../../../src/shared/spec/templates';

const dirs: string[] = [];

export function tempDir(prefix = 'tb-train-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TempStore {
  home: string;
  store: RunStore;
}

export function openTempStore(options: Partial<RunStoreOptions> = {}): TempStore {
  const home = tempDir();
  const store = RunStore.open(join(home, 'trainbench.db'), { artifactsDir: join(home, 'artifacts'), ...options });
  return { home, store };
}

export function template(id: TemplateId, fit: Partial<FitSpec> = {}, compile: Partial<CompileSpec> = {}): ModelSpec {
  const spec = structuredClone(TEMPLATES[id].spec);
  return { ...spec, fit: { ...spec.fit, ...fit }, compile: { ...spec.compile, ...compile } };
}

export function customSpec(name: string, inputShape: number[], layers: LayerSpec[], fit: Partial<FitSpec> = {}, compile: Partial<CompileSpec> = {}): ModelSpec {
  return {
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name,
    input_shape: inputShape,
    layers,
    compile: { ...structuredClone(DEFAULT_COMPILE), ...compile },
    fit: { ...DEFAULT_FIT, ...fit },
  };
}

function idx(dims: number[], data: Uint8Array, type = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/**
 * An IDX folder of 28×28 images whose training images file is cut short: the header promises
 * `count` images, the file holds half of them (what a broken download looks like).
 */
export function writeTruncatedIdx(count = 64): string {
  const dir = tempDir('tb-idx-');
  mkdirSync(dir, { recursive: true });
  const px = 28 * 28;
  const images = new Uint8Array(count * px).map((_, i) => (i * 31) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const full = idx([count, 28, 28], images);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(full.subarray(0, 16 + (count / 2) * px)));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([count], labels)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx([count / 2, 28, 28], images.subarray(0, (count / 2) * px))));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([count / 2], labels.subarray(0, count / 2))));
  return dir;
}
