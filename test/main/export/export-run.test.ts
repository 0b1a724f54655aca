// exportRun, importBundle and the two CLI commands on a real run: the TrainingManager trains the
// reference RNN (its worker, cpu backend) into a real SQLite store in a temp data dir; every format is written from it,
// the overwrite and no-weights rules are checked, and a bundle moves the run to a second database.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Command } from 'commander';
import { strFromU8, unzipSync } from 'fflate';
import * as ort from 'onnxruntime-node';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerExportCommand } from '../../../src/main/cli/commands/export-command';
import { registerImportCommand } from '../../../src/main/cli/commands/import-command';
import { createExportHandlers } from '../../../src/main/api/handlers/export-handlers';
import { exportRun, importBundle, ExportError, type ExportDeps } from '../../../src/main/export';
import { METRICS_CSV_HEADER } from '../../../src/main/export/metrics-export';
import { resolveDataPaths, ensureDataPaths } from '../../../src/main/paths/data-paths';
import { RunStore } from '../../../src/main/store/run-store';
import { buildModel } from '../../../src/main/training/model-builder';
import { TrainingManager } from '../../../src/main/training/training-manager';
import { loadModelFolder } from '../../../src/main/training/weights-folder';
import type { SeriesData } from '../../../src/shared/api/channels/runs-channels';
import type { RunDetail } from '../../../src/shared/run/run-types';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import { maxAbsDiff } from './trained-models';


const root = mkdtempSync(join(tmpdir(), 'tb-export-run-'));
const homeA = ensureDataPaths(resolveDataPaths(join(root, 'a')));
const homeB = ensureDataPaths(resolveDataPaths(join(root, 'b')));
let store: RunStore;
let deps: ExportDeps;
let runId: string;
const failedId = 'failed-before-epoch-1';
const out = (name: string): string => join(root, 'out', name);

function allSeries(s: RunStore, run: RunDetail): SeriesData[] {
  return [
    ...s.getSeries({ runId: run.id, names: run.metricNames.batch, scope: 'batch' }),
    ...s.getSeries({ runId: run.id, names: run.metricNames.epoch, scope: 'epoch' }),
  ];
}

beforeAll(async () => {
  await tf.ready();
  store = RunStore.open(homeA.dbPath, { artifactsDir: homeA.artifactsDir });
  deps = { store, artifactsDir: homeA.artifactsDir };
  const spec = { ...TEMPLATES['reference-rnn'].spec, fit: { ...TEMPLATES['reference-rnn'].spec.fit, epochs: 2, batch_size: 16 } };
  const manager = new TrainingManager(store);
  ({ runId } = await manager.start({ spec, dataset: { kind: 'random', samples: 100 }, options: { backend: 'cpu', checkpoints: 'every', name: 'rnn, exported' } }));
  const ended = await manager.waitForEnd(runId);
  expect(ended).toMatchObject({ status: 'finished' });
  store.createRun({ id: failedId, spec, dataset: { kind: 'random', name: 'Random' } });
  store.recordEvent({ type: 'ended', runId: failedId, status: 'failed', reason: 'DatasetError: the CSV has no rows' });
  store.flush();
}, 180_000);

afterAll(() => {
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The run's own trained model, straight from its weights folder (the trainer's loader). */
async function runModel(s: RunStore, id: string): Promise<tf.LayersModel> {
  const run = s.getRun(id);
  const model = buildModel(resolveModel(run.spec), run.seed);
  await loadModelFolder(model, join(s.artifactDir(id), 'model'));
  return model;
}

describe('exportRun', () => {
  it('writes ONNX that onnxruntime runs like the trained run, and refuses to overwrite without force', async () => {
    const path = out('rnn.onnx');
    const result = await exportRun(deps, runId, 'onnx', path);
    expect(result).toMatchObject({ format: 'onnx', path, bytes: readFileSync(path).byteLength });
    expect(result.artifactId).toBeUndefined();
    const model = await runModel(store, runId);
    const x = tf.randomNormal([100, 10, 8], 0, 1, 'float32', 3);
    const session = await ort.InferenceSession.create(path);
    const got = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.dataSync()), x.shape) }))['output']!;
    const want = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(got.data as Float32Array, want.dataSync())).toBeLessThanOrEqual(1e-4);
    await session.release();
    tf.dispose([x, want]);
    model.dispose();

    const again = exportRun(deps, runId, 'onnx', path);
    await expect(again).rejects.toBeInstanceOf(ExportError);
    await expect(exportRun(deps, runId, 'onnx', path)).rejects.toThrow(`${path} already exists. Pass --force to overwrite it`);
    await expect(exportRun(deps, runId, 'onnx', path, true)).resolves.toMatchObject({ path });
  });

  it('writes tfjs, keras, code and card exports of the run', async () => {
    const tfjs = await exportRun(deps, runId, 'tfjs', out('tfjs'));
    expect(existsSync(join(tfjs.path, 'model.json'))).toBe(true);
    const keras = await exportRun(deps, runId, 'keras', out('rnn.keras'));
    expect(Object.keys(unzipSync(readFileSync(keras.path)))).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    const code = await exportRun(deps, runId, 'code', out('rnn.py'));
    const py = readFileSync(code.path, 'utf8');
    expect(py).toMatch(/SimpleRNN\(32/);
    expect(py).toMatch(/Dense\(1, activation='sigmoid'\)/);
    const card = await exportRun(deps, runId, 'card', out('card.md'));
    const md = readFileSync(card.path, 'utf8');
    const run = store.getRun(runId);
    expect(md).toContain(`# Model card: ${run.name}`);
    expect(md).toContain('| 1 | simple_rnn (SimpleRNN) | (None, 32) | 1,312 |');
    expect(md).toContain('Total params: 1,345');
    expect(md).toContain(run.environment!.backend);
    for (const [name, value] of Object.entries(run.finalMetrics)) expect(md).toContain(`| ${name} | ${value.toFixed(4)} |`);
  });

  it('writes every stored point to CSV and JSON, never decimated', async () => {
    const run = store.getRun(runId);
    const series = allSeries(store, run);
    const total = series.reduce((n, s) => n + s.value.length, 0);
    expect(total).toBeGreaterThan(20);
    const csv = await exportRun(deps, runId, 'csv', out('metrics.csv'));
    const parsed = Papa.parse<string[]>(readFileSync(csv.path, 'utf8').trim());
    expect(parsed.data[0]).toEqual([...METRICS_CSV_HEADER]);
    const rows = parsed.data.slice(1);
    expect(rows).toHaveLength(total);
    for (const s of series) {
      const mine = rows.filter((r) => r[2] === s.scope && r[3] === s.name);
      expect(mine.map((r) => Number(r[4]))).toEqual(s.step);
      expect(mine.map((r) => Number(r[6]))).toEqual(s.value);
    }
    const json = await exportRun(deps, runId, 'json', out('metrics.json'));
    const body = JSON.parse(readFileSync(json.path, 'utf8')) as { runs: { id: string; series: SeriesData[] }[] };
    expect(body.runs[0]!.id).toBe(runId);
    expect(body.runs[0]!.series.map((s) => [s.scope, s.name, s.value])).toEqual(series.map((s) => [s.scope, s.name, s.value]));
  });

  it('puts exports under the run folder when no path is given, records them and never overwrites', async () => {
    const first = await exportRun(deps, runId, 'code');
    const second = await exportRun(deps, runId, 'code');
    expect(first.path).toBe(join(homeA.artifactsDir, runId, 'exports', 'model.py'));
    expect(second.path).toBe(join(homeA.artifactsDir, runId, 'exports', 'model-2.py'));
    const records = store.listArtifacts(runId, 'export');
    expect(records.map((r) => r.id)).toEqual(expect.arrayContaining([first.artifactId, second.artifactId]));
    // The API handler is the same call.
    const viaApi = await createExportHandlers(deps)['export:run']({ runId, format: 'card', force: false });
    expect(viaApi.path).toBe(join(homeA.artifactsDir, runId, 'exports', 'model-card.md'));
  });

  it('falls back to the latest checkpoint (saved with optimizer state) when the final weights are gone', async () => {
    const runDir = store.artifactDir(runId);
    renameSync(join(runDir, 'model'), join(runDir, 'model-aside'));
    try {
      const path = out('from-checkpoint.onnx');
      await exportRun(deps, runId, 'onnx', path);
      const run = store.getRun(runId);
      const model = buildModel(resolveModel(run.spec), run.seed);
      await loadModelFolder(model, join(runDir, 'checkpoints', `epoch-${run.epochsDone}`));
      const x = tf.randomNormal([10, 10, 8], 0, 1, 'float32', 9);
      const session = await ort.InferenceSession.create(path);
      const got = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.dataSync()), x.shape) }))['output']!;
      expect(maxAbsDiff(got.data as Float32Array, (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-4);
      await session.release();
      model.dispose();
    } finally {
      renameSync(join(runDir, 'model-aside'), join(runDir, 'model'));
    }
  });

  it('says a run without weights has none, and why', async () => {
    for (const format of ['onnx', 'keras', 'tfjs'] as const) {
      const attempt = exportRun(deps, failedId, format, out(`failed-${format}`));
      await expect(attempt).rejects.toThrow(
        `Run ${failedId} has no saved weights: it ended as failed (DatasetError: the CSV has no rows) before the first epoch finished`,
      );
    }
    expect(existsSync(out('failed-onnx'))).toBe(false);
    // Its architecture still exports.
    await expect(exportRun(deps, failedId, 'code', out('failed.py'))).resolves.toMatchObject({ format: 'code' });
  });
});

describe('run bundle', () => {
  it('moves the run to another database as the same run, and refuses a second import without force', async () => {
    const bundle = await exportRun(deps, runId, 'bundle', out('run.tbrun'));
    const entries = unzipSync(readFileSync(bundle.path));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['manifest.json', 'run.json', 'series.json', 'files/model/model.json', 'files/model/weights.bin']));
    expect((JSON.parse(strFromU8(entries['run.json']!)) as RunDetail).id).toBe(runId);

    const other = RunStore.open(homeB.dbPath, { artifactsDir: homeB.artifactsDir });
    try {
      const otherDeps = { store: other, artifactsDir: homeB.artifactsDir };
      const result = await importBundle(otherDeps, bundle.path);
      expect(result).toMatchObject({ runId, replaced: false });
      const a = store.getRun(runId);
      const b = other.getRun(runId);
      for (const key of ['id', 'name', 'status', 'statusReason', 'spec', 'seed', 'tags', 'notes', 'dataset', 'environment', 'evaluation', 'finalMetrics', 'metricNames', 'epochsDone', 'epochsPlanned', 'bestMetric', 'startedAt', 'modelName', 'datasetName', 'backend'] as const) {
        expect(b[key], key).toEqual(a[key]);
      }
      expect(allSeries(other, b)).toEqual(allSeries(store, a));
      expect(b.artifacts.map((x) => [x.kind, x.path.replace(homeB.home, ''), x.sha256, x.epoch])).toEqual(
        a.artifacts.filter((x) => x.kind !== 'export').map((x) => [x.kind, x.path.replace(homeA.home, ''), x.sha256, x.epoch]),
      );
      expect(other.getResumePoint(runId).checkpoint?.epoch).toBe(store.getResumePoint(runId).checkpoint?.epoch);

      // The imported weights are the trained ones: same predictions.
      const x = tf.randomNormal([20, 10, 8], 0, 1, 'float32', 5);
      const [ma, mb] = [await runModel(store, runId), await runModel(other, runId)];
      expect(maxAbsDiff((ma.predict(x) as tf.Tensor).dataSync(), (mb.predict(x) as tf.Tensor).dataSync())).toBe(0);

      await expect(importBundle(otherDeps, bundle.path)).rejects.toThrow(`Run ${runId} ('${a.name}') is already in this database. Pass --force`);
      await expect(importBundle(otherDeps, bundle.path, true)).resolves.toMatchObject({ runId, replaced: true });
      expect(other.listRuns().total).toBe(1);
    } finally {
      other.close();
    }
  });

  it('rejects a damaged bundle and names what is wrong', async () => {
    const bytes = readFileSync(out('run.tbrun'));
    const broken = join(root, 'out', 'broken.tbrun');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(broken, bytes.subarray(0, 100));
    await expect(importBundle(deps, broken)).rejects.toThrow(`${broken} is not a usable Trainbench run bundle`);
  });
});

describe('trainbench export / import commands', () => {
  async function cli(...args: string[]): Promise<string> {
    let text = '';
    const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
    registerExportCommand(program);
    registerImportCommand(program);
    await program.parseAsync(args, { from: 'user' });
    return text;
  }

  it('exports metrics of several runs and imports a bundle, through the data dir of TRAINBENCH_HOME', async () => {
    const saved = process.env.TRAINBENCH_HOME;
    try {
      process.env.TRAINBENCH_HOME = homeA.home;
      const csvPath = out('two-runs.csv');
      const line = await cli('export', runId, failedId, '--format', 'csv', '--out', csvPath);
      expect(line).toBe(`Wrote csv export of 2 runs to ${csvPath} (${readFileSync(csvPath).byteLength < 1024 ? `${readFileSync(csvPath).byteLength} B` : `${(readFileSync(csvPath).byteLength / 1024).toFixed(1)} KiB`})\n`);
      await expect(cli('export', runId, failedId, '--format', 'onnx', '--out', out('x.onnx'))).rejects.toThrow('--format onnx exports one run');
      await expect(cli('export', runId, '--format', 'csv', '--out', csvPath)).rejects.toThrow('--force');
      const json = JSON.parse(await cli('export', runId, '--format', 'bundle', '--out', out('cli.tbrun'), '--json')) as { path: string; bytes: number };
      expect(json.path).toBe(out('cli.tbrun'));

      process.env.TRAINBENCH_HOME = join(root, 'c');
      expect(await cli('import', out('cli.tbrun'))).toMatch(new RegExp(`^Imported run ${runId} \\('rnn, exported'\\): \\d+ metric points, \\d+ files\\.\\n$`));
      await expect(cli('import', out('cli.tbrun'))).rejects.toThrow('already in this database');
    } finally {
      if (saved === undefined) delete process.env.TRAINBENCH_HOME;
      else process.env.TRAINBENCH_HOME = saved;
    }
  });
});
