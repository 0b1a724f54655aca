// TrainingManager end to end: real worker threads, real SQLite store, real Fashion-MNIST. The
// reference CNN learns; bad requests are refused before any run exists; stop, resume, and a
// store that can no longer write end runs cleanly with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src/shared/training/training-events';
import { TrainingManager } from '../../../src/main/training/training-manager';
import { createTrainingHandlers } from '../../../src/main/api/handlers/training-handlers';
import { resolveTrainingWorker, setTrainingWorkerResolver } from '../../../src/main/training/worker-entry';
import { customSpec, openTempStore, removeTempDirs, template, writeTruncatedIdx } from './training-fixtures';

afterAll(removeTempDirs);

describe('TrainingManager', () => {
  it('trains the reference CNN (28, 28, 1) to ≥ 70 % test accuracy in two epochs on 2,000 Fashion-MNIST images', async () => {
    const { home, store } = openTempStore();
    const manager = new TrainingManager({ store });
    const seen: TrainingEvent[] = [];
    manager.on((e) => seen.push(e));
    const spec = template('fashion-cnn', { epochs: 2, validation_split: 0 });
    const { runId } = await manager.start({
      spec,
      dataset: { kind: 'fashion-mnist' },
      datasetOptions: { limit: 2000, testLimit: 1000 },
      options: { backend: 'auto', checkpoints: 'every', tags: ['test'] },
    });
    expect(manager.active()).toEqual([runId]);
    const ended = await manager.waitForEnd(runId);
    expect(ended.status).toBe('finished');
    expect(manager.active()).toEqual([]);

    const detail = store.getRun(runId);
    expect(detail.status).toBe('finished');
    expect(detail.epochsDone).toBe(2);
    expect(detail.tags).toEqual(['test']);
    expect(detail.environment?.backend).toBe('wasm');
    expect(detail.evaluation!.metrics.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(detail.evaluation!.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    expect(detail.finalMetrics.accuracy).toBeGreaterThan(0.6);
    const kinds = detail.artifacts.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'checkpoint')).toHaveLength(4); // two epochs × (weights.bin + model.json)
    expect(kinds).toContain('weights');
    expect(kinds).toContain('samples');
    for (const a of detail.artifacts) expect(existsSync(join(home, a.path)), a.path).toBe(true);

    const started = seen.find((e) => e.type === 'started');
    expect(started?.type === 'started' && started.dataset.trainSize).toBe(2000);
    const batches = seen.filter((e) => e.type === 'batch');
    expect(batches).toHaveLength(2 * Math.ceil(2000 / 32));
    const last = batches.at(-1)!;
    expect(last.type === 'batch' && last.samplesPerSecond).toBeGreaterThan(0);
    const samples = JSON.parse(readFileSync(join(store.artifactDir(runId), 'samples.json'), 'utf8')) as { samples: unknown[] };
    expect(samples.samples).toHaveLength(24);
    console.info(`reference CNN: test accuracy ${detail.evaluation!.metrics.accuracy!.toFixed(3)}, ${detail.samplesPerSecond?.toFixed(0)} samples/s (${detail.environment?.device})`);
    store.close();
  });

  it('refuses a truncated IDX file before training, with the file named, and records no run', async () => {
    const { store } = openTempStore();
    const manager = new TrainingManager({ store });
    const dir = writeTruncatedIdx();
    const start = manager.start({ spec: template('fashion-cnn', { epochs: 1 }), dataset: { kind: 'fashion-mnist', dir } });
    await expect(start).rejects.toMatchObject({ name: 'DatasetError' });
    await expect(start).rejects.toThrow(/train-images-idx3-ubyte/);
    expect(store.listRuns({}).total).toBe(0);
    expect(manager.active()).toEqual([]);
    store.close();
  });

  it('refuses data whose shape does not fit the model, naming the fix, and records no run', async () => {
    const { store } = openTempStore();
    const manager = new TrainingManager({ store });
    // The reference CNN at (64, 64, 3) against 28×28 grey images.
    const start = manager.start({ spec: template('reference-cnn', { epochs: 1 }), dataset: { kind: 'fashion-mnist' } });
    await expect(start).rejects.toMatchObject({ name: 'DatasetError' });
    await expect(start).rejects.toThrow(/\(64, 64, 3\).*\(28, 28, 1\)/);
    await expect(start).rejects.toThrow(/--resize 64x64 --channels 3|input_shape=\(28, 28, 1\)/);
    // And a model whose last layer cannot hold the classes.
    const narrow = customSpec('narrow', [28, 28], [{ className: 'LSTM', args: { units: 8 } }, { className: 'Dense', args: { units: 4, activation: 'softmax' } }]);
    await expect(manager.start({ spec: narrow, dataset: { kind: 'fashion-mnist' } })).rejects.toThrow(/10 classes.*Dense\(10, activation='softmax'\)/);
    // And an invalid model.
    const broken = customSpec('broken', [28, 28, 1], [{ className: 'Dense', args: { units: 10 } }]);
    await expect(manager.start({ spec: broken, dataset: { kind: 'fashion-mnist' } })).rejects.toMatchObject({ name: 'SpecError' });
    expect(store.listRuns({}).total).toBe(0);
    store.close();
  });

  it("stops a run mid-epoch as 'stopped', then resumes it with continuous steps to the end", async () => {
    const { store } = openTempStore();
    const manager = new TrainingManager({ store });
    const handlers = createTrainingHandlers({ manager, store });
    const spec = template('reference-rnn', { epochs: 3, batch_size: 16 });
    const events: TrainingEvent[] = [];
    let stopAsked = false;
    let runId = '';
    manager.on((e) => {
      events.push(e);
      // Stop in the middle of the second epoch.
      if (e.type === 'batch' && e.epoch === 1 && e.batch === 2 && !stopAsked) {
        stopAsked = true;
        void handlers['training:stop']({ runId: e.runId });
      }
    });
    ({ runId } = await handlers['training:start']({ spec, dataset: { kind: 'random', samples: 400 }, options: { backend: 'wasm', checkpoints: 'every' } }));
    expect((await handlers['training:active']({})).runIds).toEqual([runId]);
    const ended = await manager.waitForEnd(runId);
    expect(ended.status).toBe('stopped');
    const batchesBeforeStop = events.filter((e) => e.type === 'batch');
    // Within one batch of the request: the batch in flight may finish, no more.
    expect(batchesBeforeStop.length).toBeLessThanOrEqual(25 + 3 + 1);
    expect(store.getRun(runId).status).toBe('stopped');
    expect(await handlers['training:stop']({ runId })).toEqual({ stopping: false });

    events.length = 0;
    await handlers['training:resume']({ runId });
    const resumed = await manager.waitForEnd(runId);
    expect(resumed.status).toBe('finished');
    const started = events.find((e) => e.type === 'started');
    expect(started?.type === 'started' && started.firstEpoch).toBe(1);
    expect(started?.type === 'started' && started.firstStep).toBe(25); // epoch 0 had 25 batches: steps 0..24
    const steps = events.filter((e) => e.type === 'batch').map((e) => (e.type === 'batch' ? e.step : -1));
    expect(steps[0]).toBe(25);
    expect(steps.at(-1)).toBe(74);
    const detail = store.getRun(runId);
    expect(detail.status).toBe('finished');
    expect(detail.epochsDone).toBe(3);
    store.close();
  });

  it('stops the run with the store\'s reason when the database is full', async () => {
    // A page cap just above what the schema and the run row need: the batch points soon overflow it.
    const { store } = openTempStore({ maxPageCount: 22, flushIntervalMs: 20 });
    const manager = new TrainingManager({ store });
    const { runId } = await manager.start({ spec: template('reference-rnn', { epochs: 200, batch_size: 4 }), dataset: { kind: 'random', samples: 100 }, options: { backend: 'wasm', checkpoints: 'none' } });
    const ended = await manager.waitForEnd(runId);
    expect(ended.status).toBe('stopped');
    expect(ended.reason).toMatch(/full/i);
    store.close();
  });

  it("ends a run whose worker crashes as 'failed' with the exit code", async () => {
    const { store } = openTempStore();
    const manager = new TrainingManager({ store });
    const real = resolveTrainingWorker();
    setTrainingWorkerResolver(() => ({ ...real, file: new URL('./crashing-worker.ts', import.meta.url) }));
    try {
      const { runId } = await manager.start({ spec: template('reference-rnn'), dataset: { kind: 'random' }, options: { backend: 'cpu' } });
      const ended = await manager.waitForEnd(runId);
      expect(ended.status).toBe('failed');
      expect(ended.reason).toMatch(/exited with code 3/);
      expect(store.getRun(runId).status).toBe('failed');
      expect(store.getRun(runId).statusReason).toMatch(/code 3/);
    } finally {
      setTrainingWorkerResolver(() => real);
      store.close();
    }
  });

  it("shutdown() ends every active run as 'stopped' with the reason, and waits for it", async () => {
    const { store } = openTempStore();
    const manager = new TrainingManager({ store });
    const { runId } = await manager.start({ spec: template('reference-rnn', { epochs: 500 }), dataset: { kind: 'random' }, options: { backend: 'wasm', checkpoints: 'none' } });
    await manager.shutdown();
    expect(manager.active()).toEqual([]);
    const detail = store.getRun(runId);
    expect(detail.status).toBe('stopped');
    expect(detail.statusReason).toMatch(/closed while the run was training/);
    store.close();
  });
});
