// The export room's entry: a run out to a file in one of the formats (tfjs, ONNX, Keras,
// Keras code, model card, metrics CSV/JSON, run bundle), and a bundle back in. It owns the rules
// every format shares: where the file goes, never overwriting without force, recording it.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ExportFormat, ExportResult } from '../../shared/api/channels/export-channels';
import { resolveModel } from '../../shared/spec/resolve-model';
import { writeKerasCode } from '../../shared/spec/keras-code-writer';
import { appVersion } from '../app/app-version';
import type { RunRepository } from '../store/run-repository';
import { ExportError } from './export-errors';
import { metricsToCsv, metricsToJson, readRunMetrics } from './metrics-export';
import { writeModelCard } from './model-card';
import { BUNDLE_EXTENSION, collectBundle, encodeBundle } from './run-bundle';
import { importBundle as importBundleSync, type ImportResult } from './run-import';
import { loadTrainedRun } from './trained-run';

export { ExportError, type ExportErrorCode } from './export-errors';
export type { ImportResult } from './run-import';
export { KERAS_TARGET_VERSION } from './keras-config';
export { ONNX_OPSET } from './onnx-graph';

export interface ExportDeps {
  store: RunRepository;
  /** The data dir's artifacts/ folder (what the store was opened with). */
  artifactsDir: string;
}

/** File (or, for tfjs, folder) name of each format under artifacts/<run-id>/exports/. */
export function defaultExportName(format: ExportFormat, runId: string): string {
  switch (format) {
    case 'tfjs':
      return 'tfjs';
    case 'onnx':
      return 'model.onnx';
    case 'keras':
      return 'model.keras';
    case 'code':
      return 'model.py';
    case 'card':
      return 'model-card.md';
    case 'csv':
      return 'metrics.csv';
    case 'json':
      return 'metrics.json';
    case 'bundle':
      return `${runId}${BUNDLE_EXTENSION}`;
  }
}

/** A name not yet taken in `dir`: model.onnx, model-2.onnx, ... (the default place never overwrites). */
function freshPath(dir: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = join(dir, name);
  for (let i = 2; existsSync(candidate); i++) candidate = join(dir, `${stem}-${i}${ext}`);
  return candidate;
}

function refuseExisting(path: string, force: boolean, folder: boolean): void {
  if (!existsSync(path)) return;
  const isDir = statSync(path).isDirectory();
  if (folder && !isDir) {
    throw new ExportError(`${path} is a file, but the tfjs format writes a folder (model.json + weight shards). Give a folder path.`, { code: 'exists', path });
  }
  if (!folder && isDir) throw new ExportError(`${path} is a folder; give the path of the file to write.`, { code: 'exists', path });
  if (force || (isDir && readdirSync(path).length === 0)) return;
  throw new ExportError(`${path} already exists. Pass --force to overwrite it, or choose another --out path.`, { code: 'exists', path });
}

function writeFileAtomic(path: string, data: Uint8Array | string): number {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
  return statSync(path).size;
}

function folderBytes(files: string[]): number {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}

async function writeModelFormat(deps: ExportDeps, runId: string, format: 'tfjs' | 'onnx' | 'keras', path: string): Promise<{ bytes: number; recordPath: string }> {
  const run = deps.store.getRun(runId);
  const trained = await loadTrainedRun(run, deps.artifactsDir);
  try {
    if (format === 'tfjs') {
      const { exportTfjs } = await import('./tfjs-export');
      const { files } = await exportTfjs(trained.model, path, { metadata: { trainbenchRunId: run.id, trainbenchVersion: appVersion() } });
      return { bytes: folderBytes(files), recordPath: join(path, 'model.json') };
    }
    const { readLayerWeights } = await import('./layer-weights');
    const layers = readLayerWeights(trained.model, trained.resolved);
    if (format === 'onnx') {
      const { buildOnnxModel } = await import('./onnx-export');
      const bytes = buildOnnxModel(trained.resolved, layers, {
        producerVersion: appVersion(),
        metadata: { trainbench_run_id: run.id, trainbench_run_name: run.name, model_name: run.spec.name, input_layout: 'channels_last (NHWC), like Keras' },
      });
      return { bytes: writeFileAtomic(path, bytes), recordPath: path };
    }
    const { buildKerasArchive } = await import('./keras-export');
    return { bytes: writeFileAtomic(path, await buildKerasArchive(trained.resolved, layers)), recordPath: path };
  } finally {
    trained.model.dispose();
  }
}

/**
 * Exports one run. Without `outPath` the file goes to artifacts/<run-id>/exports/ under a fresh
 * name and is recorded as an artifact; with it, an existing file is only replaced with `force`.
 */
export async function exportRun(deps: ExportDeps, runId: string, format: ExportFormat, outPath?: string, force = false): Promise<ExportResult> {
  const run = deps.store.getRun(runId);
  const managed = outPath === undefined;
  const path = managed ? freshPath(join(deps.store.artifactDir(run.id), 'exports'), defaultExportName(format, run.id)) : resolve(outPath);
  refuseExisting(path, force, format === 'tfjs');
  let bytes: number;
  let recordPath = path;
  switch (format) {
    case 'tfjs':
    case 'onnx':
    case 'keras':
      ({ bytes, recordPath } = await writeModelFormat(deps, run.id, format, path));
      break;
    case 'code':
      bytes = writeFileAtomic(path, writeKerasCode(run.spec));
      break;
    case 'card':
      bytes = writeFileAtomic(path, writeModelCard(run, resolveModel(run.spec), { trainbenchVersion: appVersion() }));
      break;
    case 'csv':
    case 'json': {
      const metrics = readRunMetrics(deps.store, [run.id]);
      bytes = writeFileAtomic(path, format === 'csv' ? metricsToCsv(metrics) : metricsToJson(metrics));
      break;
    }
    case 'bundle': {
      const contents = collectBundle(deps.store, deps.store.artifactDir(run.id), run.id, appVersion());
      bytes = writeFileAtomic(path, encodeBundle(contents));
      break;
    }
  }
  const result: ExportResult = { format, path, bytes };
  if (managed) {
    const artifact = deps.store.addArtifact({ runId: run.id, kind: 'export', path: recordPath, meta: { format, name: basename(path) } });
    result.artifactId = artifact.id;
  }
  return result;
}

/** Metrics of several runs in one CSV or JSON file (every point, full resolution). */
export async function exportMetrics(deps: ExportDeps, runIds: string[], format: 'csv' | 'json', outPath: string, force = false): Promise<ExportResult> {
  const path = resolve(outPath);
  refuseExisting(path, force, false);
  const metrics = readRunMetrics(deps.store, runIds);
  const bytes = writeFileAtomic(path, format === 'csv' ? metricsToCsv(metrics) : metricsToJson(metrics));
  return { format, path, bytes };
}

/** Loads a .tbrun bundle into this database as the same run (same id); `force` replaces an existing one. */
export async function importBundle(deps: ExportDeps, file: string, force = false): Promise<ImportResult> {
  return importBundleSync(deps, resolve(file), force);
}
