// One file that carries a whole run to another machine: a zip (.tbrun) of manifest.json,
// run.json (the RunDetail), series.json (every metric point, full resolution) and the run's
// files (final weights, checkpoints, test samples) under files/. run-import reads it back.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { SeriesData } from '../../shared/api/channels/runs-channels';
import type { RunDetail } from '../../shared/run/run-types';
import type { RunRepository } from '../store/run-repository';
import { readAllSeries } from './metrics-export';

export const BUNDLE_FORMAT = 'trainbench.run-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_EXTENSION = '.tbrun';
/** Sub-folders of a run's artifact folder that stay behind: exports are derived, and may include this bundle. */
const SKIPPED_DIRS = new Set(['exports']);

export interface BundleFile {
  /** Path inside the run's artifact folder, with '/'. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  runId: string;
  runName: string;
  createdAt: string;
  trainbenchVersion: string;
  files: BundleFile[];
}

export interface BundleContents {
  manifest: BundleManifest;
  run: RunDetail;
  series: SeriesData[];
  /** Path inside the run's artifact folder -> bytes. */
  files: Map<string, Uint8Array>;
}

function listFiles(root: string, dir = root): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (dir === root && SKIPPED_DIRS.has(e.name)) continue;
      out.push(...listFiles(root, full));
    } else if (e.isFile() && !e.name.includes('.tmp-')) {
      out.push(full);
    }
  }
  return out.sort();
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Gathers what a bundle holds for `runId` from the store and its artifact folder. */
export function collectBundle(store: Pick<RunRepository, 'getRun' | 'getSeries'>, runDir: string, runId: string, trainbenchVersion: string, now = new Date()): BundleContents {
  const run = store.getRun(runId);
  const series = readAllSeries(store, run);
  const files = new Map<string, Uint8Array>();
  for (const file of listFiles(runDir)) {
    if (!statSync(file).isFile()) continue;
    files.set(relative(runDir, file).split(sep).join('/'), new Uint8Array(readFileSync(file)));
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    runId,
    runName: run.name,
    createdAt: now.toISOString(),
    trainbenchVersion,
    files: [...files].map(([path, bytes]) => ({ path, bytes: bytes.byteLength, sha256: sha256Hex(bytes) })),
  };
  return { manifest, run, series, files };
}

/** The .tbrun bytes. Weight files are stored (they do not compress); JSON is deflated. */
export function encodeBundle(contents: BundleContents): Uint8Array {
  const zip: Zippable = {
    'manifest.json': strToU8(JSON.stringify(contents.manifest, null, 1)),
    'run.json': strToU8(JSON.stringify(contents.run)),
    // NaN (a diverged loss) is kept as null and read back as NaN.
    'series.json': strToU8(JSON.stringify(contents.series)),
  };
  for (const [path, bytes] of contents.files) zip[`files/${path}`] = [bytes, { level: path.endsWith('.json') ? 6 : 0 }];
  return zipSync(zip, { level: 6 });
}
