// The store on a real SQLite file: a scripted run recorded through recordEvent, read back as
// detail, list, series and comparison; edits, deletion with artifacts, background flushing.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { decimateSeries } from '../../../src/main/store/series-decimation';
import { RunNotFoundError, StoreError } from '../../../src/main/store/store-errors';
import { accuracyAt, lossAt, makeTempHome, openStore, recordAll, sampleSpec, scriptedRun, thrownBy, type TempHome } from './store-test-helpers';

let home: TempHome;
afterEach(() => home?.cleanup());

describe('recording a run', () => {
  it('turns trainer events into a complete run detail', () => {
    home = makeTempHome();
    const store = openStore(home);
    const created = store.createRun({ id: 'run-1', spec: sampleSpec(), tags: ['baseline', 'baseline', ' cnn '], dataset: { kind: 'fashion-mnist', name: 'Fashion-MNIST' } });
    expect(created).toMatchObject({ id: 'run-1', status: 'running', modelName: 'fashion-cnn', tags: ['baseline', 'cnn'], epochsPlanned: 2 });
    recordAll(store, scriptedRun({ runId: 'run-1', epochs: 3, batchesPerEpoch: 40 }));
    const run = store.getRun('run-1');
    expect(run.status).toBe('finished');
    expect(run.epochsDone).toBe(3);
    expect(run.epochsPlanned).toBe(3);
    expect(run.backend).toBe('wasm');
    expect(run.environment?.device).toBe('wasm SIMD, 1 thread');
    expect(run.dataset.normalization).toBe('pixels / 255');
    expect(run.dataset.trainSize).toBe(960);
    expect(run.metricNames).toEqual({ batch: ['loss', 'accuracy'], epoch: ['loss', 'accuracy', 'val_loss', 'val_accuracy'] });
    expect(run.finalMetrics.loss).toBeCloseTo(lossAt(119), 10);
    expect(run.finalMetrics.val_accuracy).toBeCloseTo(accuracyAt(119) - 0.05, 10);
    // Best validation accuracy over the three epochs (it rises, so the last one).
    expect(run.bestMetric).toEqual({ name: 'val_accuracy', value: Math.max(...[39, 79, 119].map((s) => accuracyAt(s) - 0.05)) });
    expect(run.evaluation).toMatchObject({ loss: 0.5, metrics: { accuracy: 0.8 }, confusionMatrix: [[5, 1], [2, 7]] });
    expect(run.endedAt).not.toBeNull();
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.samplesPerSecond).toBe(320);
    store.close();
  });

  it('keeps the lowest loss as best for a regression run and records where it diverged', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'reg', spec: sampleSpec() });
    store.recordEvent({ type: 'epoch', runId: 'reg', epoch: 0, step: 9, logs: { loss: 0.9 }, samplesPerSecond: 1, durationMs: 1 });
    store.recordEvent({ type: 'epoch', runId: 'reg', epoch: 1, step: 19, logs: { loss: 0.4 }, samplesPerSecond: 1, durationMs: 1 });
    store.recordEvent({ type: 'epoch', runId: 'reg', epoch: 2, step: 29, logs: { loss: 0.6 }, samplesPerSecond: 1, durationMs: 1 });
    store.recordEvent({ type: 'batch', runId: 'reg', epoch: 3, batch: 0, step: 30, loss: Number.NaN, metrics: {}, samplesPerSecond: 1, etaSeconds: 0 });
    store.recordEvent({ type: 'batch', runId: 'reg', epoch: 3, batch: 1, step: 31, loss: Number.POSITIVE_INFINITY, metrics: {}, samplesPerSecond: 1, etaSeconds: 0 });
    store.recordEvent({ type: 'ended', runId: 'reg', status: 'diverged', reason: 'loss became NaN at epoch 4, batch 1', at: { epoch: 3, batch: 0, step: 30 } });
    const run = store.getRun('reg');
    expect(run.bestMetric).toEqual({ name: 'loss', value: 0.4 });
    expect(run.status).toBe('diverged');
    expect(run.statusReason).toMatch(/NaN/);
    const [loss] = store.getSeries({ runId: 'reg', names: ['loss'], scope: 'batch' });
    expect(loss!.step).toEqual([30, 31]);
    expect(Number.isNaN(loss!.value[0])).toBe(true);
    // A blown-up loss stays visible as Infinity (NaN has no SQLite form and reads back as NaN).
    expect(loss!.value[1]).toBe(Number.POSITIVE_INFINITY);
    store.close();
  });

  it('writes buffered batch points in the background within the flush interval', async () => {
    home = makeTempHome();
    const store = openStore(home, { flushIntervalMs: 50 });
    store.createRun({ id: 'bg', spec: sampleSpec() });
    for (let step = 0; step < 10; step++) {
      store.recordEvent({ type: 'batch', runId: 'bg', epoch: 0, batch: step, step, loss: lossAt(step), metrics: {}, samplesPerSecond: 1, etaSeconds: 0 });
    }
    const reader = new Database(home.dbPath, { readonly: true });
    const count = () => reader.prepare('SELECT COUNT(*) FROM metric_points').pluck().get() as number;
    expect(count()).toBe(0);
    expect(store.bufferedPoints).toBe(10);
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(10);
    reader.close();
    store.close();
  });

  it('refuses events for a run it does not have', () => {
    home = makeTempHome();
    const store = openStore(home);
    expect(() => store.recordEvent({ type: 'batch', runId: 'ghost', epoch: 0, batch: 0, step: 0, loss: 1, metrics: {}, samplesPerSecond: 1, etaSeconds: 0 })).toThrow(RunNotFoundError);
    const error = thrownBy(() => store.getRun('ghost'));
    expect(error.name).toBe('RunNotFoundError');
    expect(error.message).toContain("'ghost'");
    store.close();
  });
});

describe('recovery at open', () => {
  it('marks a run whose pid now belongs to another process (reused pid, reboot) and spares live and foreign ones', () => {
    home = makeTempHome();
    const store = openStore(home);
    for (const id of ['reused', 'live', 'foreign']) store.createRun({ id, spec: sampleSpec() });
    store.close();
    const db = new Database(home.dbPath);
    // pid 1 is alive, but the recorded token says it was another process (another boot).
    db.prepare("UPDATE runs SET writer_pid = 1, writer_token = 'another-boot:1' WHERE id = 'reused'").run();
    db.prepare("UPDATE runs SET writer_host = 'some-other-machine', writer_pid = 999999 WHERE id = 'foreign'").run();
    db.close();
    const reopened = openStore(home);
    expect(reopened.recoveredRunIds).toEqual(['reused']);
    expect(reopened.getRun('reused').status).toBe('interrupted');
    // This very process wrote 'live' and is still running.
    expect(reopened.getRun('live').status).toBe('running');
    expect(reopened.getRun('foreign').status).toBe('running');
    reopened.close();
  });
});

describe('queries', () => {
  function seedRuns(): ReturnType<typeof openStore> {
    const store = openStore(home);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 12; i++) {
      const id = `q-${String(i).padStart(2, '0')}`;
      store.createRun({
        id,
        name: i === 7 ? 'lucky seven' : `run ${i}`,
        spec: sampleSpec({ name: i % 2 === 0 ? 'fashion-cnn' : 'lstm-fashion' }),
        tags: i % 3 === 0 ? ['sweep'] : [],
        notes: i === 4 ? 'learning rate too high' : '',
        dataset: { kind: i < 6 ? 'fashion-mnist' : 'csv', name: i < 6 ? 'Fashion-MNIST' : 'iris.csv' },
        startedAt: new Date(base + i * 60_000),
      });
      store.recordEvent({ type: 'epoch', runId: id, epoch: 0, step: 10, logs: { loss: 1, val_accuracy: 0.5 + i / 100 }, samplesPerSecond: 1, durationMs: 1 });
      if (i !== 11) store.recordEvent({ type: 'ended', runId: id, status: i === 5 ? 'stopped' : 'finished', reason: null });
    }
    return store;
  }

  it('lists with sort, filters, search and paging', () => {
    home = makeTempHome();
    const store = seedRuns();
    const all = store.listRuns({});
    expect(all.total).toBe(12);
    expect(all.rows.map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, i) => `q-${String(11 - i).padStart(2, '0')}`));
    expect(store.listRuns({ sortBy: 'bestMetric', sortDir: 'desc', limit: 2 }).rows.map((r) => r.bestMetric?.value)).toEqual([0.61, 0.6]);
    expect(store.listRuns({ status: ['stopped', 'running'] }).rows.map((r) => r.id).sort()).toEqual(['q-05', 'q-11']);
    expect(store.listRuns({ tag: 'sweep' }).total).toBe(4);
    expect(store.listRuns({ dataset: 'csv' }).total).toBe(6);
    expect(store.listRuns({ dataset: 'fashion-mnist' }).total).toBe(6);
    expect(store.listRuns({ model: 'LSTM-fashion' }).total).toBe(6);
    expect(store.listRuns({ search: 'lucky' }).rows.map((r) => r.id)).toEqual(['q-07']);
    expect(store.listRuns({ search: 'too high' }).rows.map((r) => r.id)).toEqual(['q-04']);
    expect(store.listRuns({ search: '100%' }).total).toBe(0);
    const page = store.listRuns({ sortBy: 'name', sortDir: 'asc', offset: 10, limit: 5 });
    expect(page.total).toBe(12);
    expect(page.rows.length).toBe(2);
    expect(() => store.listRuns({ sortBy: 'nonsense' as 'name' })).toThrow();
    store.close();
  });

  it('returns series in full or decimated, keeping spikes', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 's', spec: sampleSpec() });
    recordAll(store, scriptedRun({ runId: 's', epochs: 2, batchesPerEpoch: 1000 }));
    // A spike in the middle of the first run of batches, written as a resumed session would.
    store.recordEvent({ type: 'batch', runId: 's', epoch: 0, batch: 500, step: 500, loss: 42, metrics: {}, samplesPerSecond: 1, etaSeconds: 0 });
    store.flush();
    const [full] = store.getSeries({ runId: 's', names: ['loss'], scope: 'batch' });
    expect(full!.step.length).toBe(2000);
    expect(full!.value[500]).toBe(42);
    expect(full!.min).toBeUndefined();
    const [dec, missing] = store.getSeries({ runId: 's', names: ['loss', 'nope'], scope: 'batch', buckets: 100 });
    expect(dec!.value.length).toBe(100);
    expect(Math.max(...dec!.max!)).toBe(42);
    expect(dec!.step[99]).toBe(1999);
    expect(missing).toEqual({ name: 'nope', scope: 'batch', step: [], epoch: [], value: [] });
    // Decimated in SQL, it equals the reference decimation of the full series, for several sizes.
    for (const buckets of [1, 7, 100, 999, 1999]) {
      const [sql] = store.getSeries({ runId: 's', names: ['loss'], scope: 'batch', buckets });
      const ref = decimateSeries('loss', 'batch', full!, buckets);
      expect(sql!.step).toEqual(ref.step);
      expect(sql!.epoch).toEqual(ref.epoch);
      expect(sql!.min).toEqual(ref.min);
      expect(sql!.max).toEqual(ref.max);
      sql!.value.forEach((v, i) => expect(v).toBeCloseTo(ref.value[i]!, 9));
    }
    const [epochLoss] = store.getSeries({ runId: 's', names: ['val_loss'], scope: 'epoch' });
    expect(epochLoss!.step).toEqual([999, 1999]);
    store.close();
  });
});

describe('editing and deleting', () => {
  it('updates name, tags and notes', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'e', spec: sampleSpec(), tags: ['a'] });
    const updated = store.updateRun({ id: 'e', name: 'renamed', tags: ['b', 'c', 'b'], notes: 'hello' });
    expect(updated).toMatchObject({ name: 'renamed', tags: ['b', 'c'] });
    expect(store.getRun('e').notes).toBe('hello');
    expect(() => store.updateRun({ id: 'nope', name: 'x' })).toThrow(RunNotFoundError);
    store.close();
  });

  it('deletes runs with points and artifact folders, and refuses a live one', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'gone', spec: sampleSpec() });
    recordAll(store, scriptedRun({ runId: 'gone', epochs: 1, batchesPerEpoch: 10 }));
    const file = join(store.artifactDir('gone'), 'weights.bin');
    writeFileSync(file, Buffer.alloc(100, 7));
    const artifact = store.addArtifact({ runId: 'gone', kind: 'weights', path: file });
    expect(artifact).toMatchObject({ path: 'artifacts/gone/weights.bin', bytes: 100 });
    expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    store.createRun({ id: 'live', spec: sampleSpec() });
    const refused = thrownBy(() => store.deleteRuns(['live']));
    expect(refused.name).toBe('StoreError');
    expect(refused.message).toMatch(/Stop it first/);
    expect(store.deleteRuns(['gone'])).toEqual({ deleted: 1 });
    expect(existsSync(join(home.artifactsDir, 'gone'))).toBe(false);
    expect(() => store.getRun('gone')).toThrow(RunNotFoundError);
    const db = new Database(home.dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM metric_points').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get()).toBe(0);
    db.close();
    store.close();
  });

  it('says clearly when an artifact file is missing and when the store is closed', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'a', spec: sampleSpec() });
    expect(() => store.addArtifact({ runId: 'a', kind: 'export', path: join(home.home, 'nope.onnx') })).toThrow(/Write the file first/);
    store.close();
    expect(() => store.listRuns()).toThrow(StoreError);
  });
});
