// The batch loop in this thread (the worker runs the same code): the reference RNN exactly as the
// seed writes it, same seed → same losses, no tensor leaks across epochs, NaN loss → 'diverged'
// with where, a stop between batches, and resume from a checkpoint with continuous steps.
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestSample } from '../../../src/shared/api/channels/runs-channels';
import type { BatchEndEvent, EvaluationEvent, TrainingEvent } from '../../../src/shared/training/training-events';
import { checkpointDir, runSessionInProcess } from '../../../src/main/training/training-session';
import type { TrainingJob, WorkerToMain } from '../../../src/main/training/training-job';
import { customSpec, removeTempDirs, tempDir, template } from './training-fixtures';

afterAll(removeTempDirs);

function job(partial: Partial<TrainingJob> & Pick<TrainingJob, 'spec' | 'dataset'>): TrainingJob {
  return { runId: 'test-run', datasetOptions: {}, backend: 'wasm', checkpoints: 'none', trainbenchVersion: 'test', ...partial };
}

function events(messages: WorkerToMain[]): TrainingEvent[] {
  return messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
}

function ofType<T extends TrainingEvent['type']>(list: TrainingEvent[], type: T): Extract<TrainingEvent, { type: T }>[] {
  return list.filter((e): e is Extract<TrainingEvent, { type: T }> => e.type === type);
}

describe('training session', () => {
  it('trains the reference RNN as the seed writes it: fit(epochs=5, batch_size=16) on random 100×10×8, then evaluate', async () => {
    const { messages, ended } = await runSessionInProcess(job({ spec: template('reference-rnn'), dataset: { kind: 'random', samples: 100 } }), tempDir());
    const list = events(messages);
    expect(ended.status).toBe('finished');
    const started = ofType(list, 'started')[0]!;
    expect(started.batchesPerEpoch).toBe(7); // ceil(100 / 16)
    expect(started.environment.backend).toBe('wasm');
    const batches = ofType(list, 'batch');
    expect(batches).toHaveLength(35);
    expect(batches.map((b) => b.step)).toEqual([...Array(35).keys()]);
    const epochs = ofType(list, 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4]);
    for (const e of epochs) {
      expect(Number.isFinite(e.logs.loss)).toBe(true);
      expect(e.logs.accuracy).toBeGreaterThanOrEqual(0);
      expect(e.logs.accuracy).toBeLessThanOrEqual(1);
    }
    // Adam at 1e-3 on 100 samples: the training loss goes down over the five epochs.
    expect(epochs[4]!.logs.loss!).toBeLessThan(epochs[0]!.logs.loss!);
    const evaluation = ofType(list, 'evaluation')[0]!.evaluation;
    expect(Number.isFinite(evaluation.loss)).toBe(true);
    expect(evaluation.metrics.accuracy).toBeGreaterThan(0);
    expect(evaluation.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('repeats the first epoch loss exactly for the same seed, and not for another seed', async () => {
    const firstEpochLoss = async (seed: number): Promise<number> => {
      const spec = customSpec('drop', [10, 8], [
        { className: 'LSTM', args: { units: 8 } },
        { className: 'Dropout', args: { rate: 0.3 } },
        { className: 'Dense', args: { units: 1, activation: 'sigmoid' } },
      ], { epochs: 1, batch_size: 16, seed }, { loss: 'binary_crossentropy' });
      const { messages } = await runSessionInProcess(job({ spec, dataset: { kind: 'random', samples: 64 } }), tempDir());
      return ofType(events(messages), 'epoch')[0]!.logs.loss!;
    };
    const a = await firstEpochLoss(3);
    const b = await firstEpochLoss(3);
    const c = await firstEpochLoss(4);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('keeps tf.memory().numTensors flat from epoch to epoch (every layer kind, with validation)', async () => {
    const spec = customSpec('every_layer', [28, 28, 1], [
      { className: 'Conv2D', args: { filters: 4, kernel_size: [3, 3], activation: 'relu' } },
      { className: 'BatchNormalization', args: {} },
      { className: 'MaxPooling2D', args: { pool_size: [2, 2] } },
      { className: 'AveragePooling2D', args: { pool_size: [2, 2] } },
      { className: 'Conv2D', args: { filters: 8, kernel_size: [3, 3], padding: 'same', activation: 'relu' } },
      { className: 'GlobalAveragePooling2D', args: {} },
      { className: 'Dropout', args: { rate: 0.2 } },
      { className: 'Dense', args: { units: 10, activation: 'softmax' } },
    ], { epochs: 3, batch_size: 32, validation_split: 0.2 });
    const counts: number[] = [];
    const { ended, messages } = await runSessionInProcess(
      job({ spec, dataset: { kind: 'fashion-mnist' }, datasetOptions: { limit: 320, testLimit: 64 }, checkpoints: 'every' }),
      tempDir(),
      () => false,
      (m) => {
        if (m.kind === 'event' && m.event.type === 'epoch') counts.push(tf.memory().numTensors);
      },
    );
    expect(ended.status).toBe('finished');
    expect(counts).toHaveLength(3);
    expect(counts[2]).toBe(counts[1]);
    expect(counts[1]).toBe(counts[0]);
    const epoch = ofType(events(messages), 'epoch')[0]!;
    expect(Object.keys(epoch.logs).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  });

  it("ends 'diverged' and names the epoch, batch and step where the loss became NaN or infinite", async () => {
    const spec = customSpec('blowup', [10, 8], [
      { className: 'Flatten', args: {} },
      { className: 'Dense', args: { units: 16, activation: 'relu' } },
      { className: 'Dense', args: { units: 1 } },
    ], { epochs: 3, batch_size: 10 }, { optimizer: { name: 'sgd', learning_rate: 1e12 }, loss: 'mse' });
    const { messages, ended } = await runSessionInProcess(job({ spec, dataset: { kind: 'random', samples: 100 } }), tempDir());
    expect(ended.status).toBe('diverged');
    expect(ended.at).toBeDefined();
    const at = ended.at!;
    const batches = ofType(events(messages), 'batch');
    // Every reported batch had a finite loss; the divergence is the step right after the last one.
    expect(batches.every((b) => Number.isFinite(b.loss))).toBe(true);
    expect(at.step).toBe(batches.length);
    expect(ended.reason).toMatch(new RegExp(`epoch ${at.epoch + 1}, batch ${at.batch + 1} \\(step ${at.step}\\)`));
    expect(ended.reason).toMatch(/Lower the learning rate/);
  });

  it("stops between batches as 'stopped' when asked", async () => {
    let seen = 0;
    const { messages, ended } = await runSessionInProcess(
      job({ spec: template('reference-rnn', { epochs: 5 }), dataset: { kind: 'random', samples: 100 } }),
      tempDir(),
      () => seen >= 3,
      (m) => {
        if (m.kind === 'event' && m.event.type === 'batch') seen++;
      },
    );
    expect(ended.status).toBe('stopped');
    expect(ofType(events(messages), 'batch')).toHaveLength(3);
    expect(ended.reason).toMatch(/before batch 4 of 7/);
  });

  it('resumes from an epoch checkpoint with continuous steps and the weights it saved', async () => {
    const dir = tempDir();
    const spec = template('reference-rnn', { epochs: 4 });
    const dataset = { kind: 'random' as const, samples: 100 };
    let epochsSeen = 0;
    const first = await runSessionInProcess(job({ spec, dataset, checkpoints: 'every' }), dir, () => epochsSeen >= 2, (m) => {
      if (m.kind === 'event' && m.event.type === 'epoch') epochsSeen++;
    });
    expect(first.ended.status).toBe('stopped');
    const lastEpoch = ofType(events(first.messages), 'epoch').at(-1)!;
    expect(lastEpoch.epoch).toBe(1);
    expect(existsSync(join(checkpointDir(dir, 1), 'weights.bin'))).toBe(true);

    const second = await runSessionInProcess(
      job({ spec, dataset, checkpoints: 'every', resume: { firstEpoch: 2, firstStep: lastEpoch.step + 1, checkpointDir: checkpointDir(dir, 1) } }),
      dir,
    );
    expect(second.ended.status).toBe('finished');
    const started = ofType(events(second.messages), 'started')[0]!;
    expect(started.firstEpoch).toBe(2);
    expect(started.firstStep).toBe(14);
    const steps = ofType(events(second.messages), 'batch').map((b: BatchEndEvent) => b.step);
    expect(steps[0]).toBe(14);
    expect(steps.at(-1)).toBe(27);

    // An uninterrupted 4-epoch run from the same seed ends with the same loss (weights and
    // optimizer state came back from the checkpoint, the shuffles follow the epoch).
    const whole = await runSessionInProcess(job({ spec, dataset }), tempDir());
    const wholeLast = ofType(events(whole.messages), 'epoch').at(-1)!;
    const resumedLast = ofType(events(second.messages), 'epoch').at(-1)!;
    expect(resumedLast.logs.loss).toBeCloseTo(wholeLast.logs.loss!, 5);
  });

  it('writes 24 test samples with 0..255 pixels and predictions for the image grid', async () => {
    const dir = tempDir();
    const spec = template('fashion-cnn', { epochs: 1, validation_split: 0 });
    const { messages, ended } = await runSessionInProcess(job({ spec, dataset: { kind: 'fashion-mnist' }, datasetOptions: { limit: 128, testLimit: 48 } }), dir);
    expect(ended.status).toBe('finished');
    const file = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')) as { classNames: string[]; samples: TestSample[] };
    expect(file.samples).toHaveLength(24);
    expect(file.classNames[0]).toBe('T-shirt/top');
    for (const s of file.samples) {
      expect(s.shape).toEqual([28, 28, 1]);
      expect(s.pixels).toHaveLength(784);
      expect(Math.max(...s.pixels)).toBeLessThanOrEqual(255);
      expect(Math.max(...s.pixels)).toBeGreaterThan(1);
    }
    const evaluation = (ofType(events(messages), 'evaluation')[0] as EvaluationEvent).evaluation;
    expect(evaluation.confusionMatrix).toHaveLength(10);
    expect(evaluation.perClassAccuracy).toHaveLength(10);
    expect(evaluation.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(48);
  });
});
