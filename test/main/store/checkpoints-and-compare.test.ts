// Checkpoints (every epoch, or only the best), resuming a run as the same run with continuous
// steps, and the side-by-side comparison with differing settings and best metrics marked.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/main/store/store-errors';
import { makeTempHome, openStore, recordAll, sampleSpec, scriptedRun, type TempHome } from './store-test-helpers';

let home: TempHome;
afterEach(() => home?.cleanup());

function writeWeights(dir: string, name: string, fill: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(64, fill));
  return path;
}

describe('checkpoints and resume', () => {
  it('keeps only the best checkpoint by the chosen metric', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'best', spec: sampleSpec() });
    const dir = store.artifactDir('best');
    const values = [0.5, 0.7, 0.6];
    let kept;
    values.forEach((value, epoch) => {
      const path = writeWeights(dir, `epoch-${epoch}.bin`, epoch);
      kept = store.recordCheckpoint({ runId: 'best', path, epoch, step: epoch * 10 + 9, policy: 'best', metric: { name: 'val_accuracy', value, mode: 'max' } });
    });
    const checkpoints = store.listArtifacts('best', 'checkpoint');
    expect(checkpoints.map((c) => c.epoch)).toEqual([1]);
    expect(kept).toEqual(checkpoints[0]);
    expect(existsSync(join(dir, 'epoch-0.bin'))).toBe(false);
    expect(existsSync(join(dir, 'epoch-1.bin'))).toBe(true);
    expect(existsSync(join(dir, 'epoch-2.bin'))).toBe(false);
    store.close();
  });

  it('resumes an interrupted run as the same run with continuous steps', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'res', spec: sampleSpec() });
    const dir = store.artifactDir('res');
    // Session 1: two epochs of 10 batches with a checkpoint each, then 5 batches of epoch 2, then stopped.
    const events = scriptedRun({ runId: 'res', epochs: 2, batchesPerEpoch: 10, evaluation: false, end: { type: 'ended', runId: 'res', status: 'stopped', reason: 'stopped by the user' } });
    for (const e of events.slice(0, -1)) {
      store.recordEvent(e);
      if (e.type === 'epoch') {
        store.recordCheckpoint({ runId: 'res', path: writeWeights(dir, `ckpt-${e.epoch}.json`, e.epoch), extraPaths: [writeWeights(dir, `ckpt-${e.epoch}.bin`, 9)], epoch: e.epoch, step: e.step, policy: 'every' });
      }
    }
    for (let step = 20; step < 25; step++) {
      store.recordEvent({ type: 'batch', runId: 'res', epoch: 2, batch: step - 20, step, loss: 5, metrics: {}, samplesPerSecond: 1, etaSeconds: 0 });
    }
    store.recordEvent(events[events.length - 1]!);
    expect(() => store.markResumed('res')).not.toThrow();
    expect(() => store.markResumed('res')).toThrow(StoreError);
    store.recordEvent({ type: 'ended', runId: 'res', status: 'stopped', reason: 'again' });

    const point = store.getResumePoint('res');
    expect(point).toMatchObject({ lastEpoch: 1, lastStep: 19, lastRecordedStep: 24 });
    expect(point.checkpoint).toMatchObject({ kind: 'checkpoint', epoch: 1, path: 'artifacts/res/ckpt-1.json', meta: { step: 19, policy: 'every' } });
    expect(store.listArtifacts('res', 'checkpoint').length).toBe(4);

    // Session 2 continues after the checkpoint; the steps it re-runs replace the old values.
    expect(store.markResumed('res').status).toBe('running');
    recordAll(store, scriptedRun({ runId: 'res', epochs: 1, batchesPerEpoch: 10, firstEpoch: point.lastEpoch + 1, firstStep: point.lastStep + 1, evaluation: false }));
    const run = store.getRun('res');
    expect(run.status).toBe('finished');
    expect(run.epochsDone).toBe(3);
    const [loss] = store.getSeries({ runId: 'res', names: ['loss'], scope: 'batch' });
    expect(loss!.step).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(loss!.value.slice(20, 25)).not.toContain(5);
    store.close();
  });

  it('resumes from the last finished epoch when no weights were kept', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'nockpt', spec: sampleSpec() });
    recordAll(store, scriptedRun({ runId: 'nockpt', epochs: 2, batchesPerEpoch: 7, evaluation: false }));
    expect(store.getResumePoint('nockpt')).toEqual({ runId: 'nockpt', lastEpoch: 1, lastStep: 13, lastRecordedStep: 13, checkpoint: null });
    store.close();
  });
});

describe('comparing runs', () => {
  it('flags the settings that differ and marks the best final metrics', () => {
    home = makeTempHome();
    const store = openStore(home);
    store.createRun({ id: 'slow', spec: sampleSpec({}, 0.001), seed: 1 });
    store.createRun({ id: 'fast', spec: sampleSpec({}, 0.01), seed: 1 });
    recordAll(store, scriptedRun({ runId: 'slow', epochs: 2, batchesPerEpoch: 5 }));
    recordAll(store, scriptedRun({ runId: 'fast', epochs: 2, batchesPerEpoch: 5, valOffset: 0.1 }));
    const result = store.compareRuns(['slow', 'fast']);
    expect(result.runs.map((r) => r.id)).toEqual(['slow', 'fast']);
    const lr = result.settings.find((s) => s.key === 'compile.optimizer.learning_rate');
    expect(lr).toEqual({ key: 'compile.optimizer.learning_rate', values: [0.001, 0.01], differs: true });
    expect(result.settings.find((s) => s.key === 'layers[0].args.kernel_size')).toEqual({ key: 'layers[0].args.kernel_size', values: [[3, 3], [3, 3]], differs: false });
    expect(result.settings.find((s) => s.key === 'dataset.normalization')?.differs).toBe(false);
    expect(result.settings.filter((s) => s.differs).map((s) => s.key)).toEqual(['compile.optimizer.learning_rate']);
    const metric = (name: string) => result.finalMetrics.find((m) => m.name === name)!;
    expect(metric('val_accuracy').best).toBe(0);
    expect(metric('val_loss').best).toBe(0);
    expect(metric('test_accuracy').best).toBe(0);
    // Same training curve in both: equal final loss, so no run is marked best.
    expect(metric('loss').values[0]).toBe(metric('loss').values[1]);
    expect(metric('loss').best).toBeNull();
    expect(result.finalMetrics.map((m) => m.name)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy']);
    store.close();
  });
});
