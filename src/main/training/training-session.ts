// One training session, wherever it runs (a worker in the app and CLI, in-process in tests):
// pick the backend, load the data, build the model, then a hand-written batch loop (trainOnBatch)
// that reports every batch, stops within one batch, catches NaN loss where it happens, validates,
// checkpoints, and after the last epoch evaluates on the test split and saves the final weights.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encodeError } from '../../shared/api/api-error';
import type { RunEndedEvent, TrainingEvent } from '../../shared/training/training-events';
import { resolveModel } from '../../shared/spec/resolve-model';
import type { ResolvedModel } from '../../shared/spec/resolved-model';
import { datasetHash, loadDataset } from '../datasets';
import { DatasetError } from '../datasets/dataset-error';
import type { LoadedDataset, Split } from '../datasets/dataset-types';
import { selectBackend } from './backends/select-backend';
import { trainingWasmThreads } from './backends/wasm-threads';
import { labelLayout, labelTensor, type LabelLayout } from './compile-model';
import { buildModel } from './model-builder';
import { outputUnitsOf } from './label-fit';
import { SeededDropout } from './seeded-dropout';
import { evaluateModel, pickSamples, scoreSplit } from './model-evaluation';
import { describeEnvironment, hashSpec } from './run-environment';
import { deriveSeed, shuffledIndices } from './seeded-random';
import type { SetupInfo, TrainingJob, WorkerToMain } from './training-job';
import { loadModelFolder, saveModelFolder } from './weights-folder';

export type Post = (message: WorkerToMain) => void;

export interface PreparedSession {
  info: SetupInfo;
  /** Trains to the end (or stop/divergence/failure); always emits exactly one 'ended' event. Files go to runDir. */
  run(shouldStop: () => boolean, runDir: string): Promise<RunEndedEvent>;
  /** Frees the model's tensors. */
  dispose(): void;
}

export function checkpointDir(runDir: string, epoch: number): string {
  // Named by epochs done (1-based), as Keras's ModelCheckpoint names epochs.
  return join(runDir, 'checkpoints', `epoch-${epoch + 1}`);
}

export function finalModelDir(runDir: string): string {
  return join(runDir, 'model');
}

function sampleSize(split: Split): number {
  return split.sampleShape.reduce((a, b) => a * b, 1);
}

/** Copies the samples at `indices` into one batch tensor (a fresh buffer: backends may keep it). */
function gatherBatch(split: Split, indices: Int32Array): tf.Tensor {
  const size = sampleSize(split);
  const buf = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * size;
    buf.set(split.x.subarray(from, from + size), i * size);
  }
  return tf.tensor(buf, [indices.length, ...split.sampleShape]);
}

/**
 * Everything before the first batch. Throws (DatasetError, SpecError, backend errors) so the
 * caller can refuse to start a run rather than record a failed one.
 */
export async function prepareSession(job: TrainingJob, post: Post): Promise<PreparedSession> {
  const spec = job.spec;
  const resolved: ResolvedModel = resolveModel(spec);
  const selection = await selectBackend(job.backend, { wasmThreads: trainingWasmThreads() });
  const environment = describeEnvironment(selection, job.trainbenchVersion);
  const seed = spec.fit.seed;
  const data: LoadedDataset = await loadDataset(job.dataset, {
    ...job.datasetOptions,
    inputShape: resolved.inputShape,
    seed,
    validationSplit: spec.fit.validation_split,
    loss: spec.compile.loss,
  });
  const sampleShape = data.train.sampleShape;
  if (sampleShape.length !== resolved.inputShape.length || sampleShape.some((d, i) => d !== resolved.inputShape[i])) {
    throw new DatasetError(
      `The data's samples have shape (${sampleShape.join(', ')}) but the model expects input_shape=(${resolved.inputShape.join(', ')}). ` +
        'Change the model\'s input_shape, or reshape the data (--resize HxW, --channels 1|3, --window N).',
    );
  }
  const model = buildModel(resolved, seed);
  const epochs = job.epochs ?? spec.fit.epochs;
  const batchSize = spec.fit.batch_size;
  const batchesPerEpoch = Math.ceil(data.train.count / batchSize);
  const info: SetupInfo = { environment, dataset: data.descriptor, batchesPerEpoch };
  const layout = labelLayout(spec.compile.loss, outputUnitsOf(resolved));
  const emit = (event: TrainingEvent): void => post({ kind: 'event', event });
  let optimizerRestored = false;
  if (job.resume?.checkpointDir) ({ optimizerRestored } = await loadModelFolder(model, job.resume.checkpointDir, true));
  // Dropout masks follow the global step, so a resumed run draws the masks it would have drawn.
  for (const layer of model.layers) if (layer instanceof SeededDropout) layer.setCallCount(job.resume?.firstStep ?? 0);

  let runDir = '';
  const run = async (shouldStop: () => boolean, dir: string): Promise<RunEndedEvent> => {
    runDir = dir;
    const runId = job.runId;
    const firstEpoch = job.resume?.firstEpoch ?? 0;
    let step = job.resume?.firstStep ?? 0;
    const end = (status: RunEndedEvent['status'], reason: string | null, at?: RunEndedEvent['at']): RunEndedEvent => {
      const event: RunEndedEvent = { type: 'ended', runId, status, reason, ...(at ? { at } : {}) };
      emit(event);
      return event;
    };
    try {
      emit({
        type: 'started',
        runId,
        environment,
        dataset: data.descriptor,
        specHash: hashSpec(spec),
        datasetHash: datasetHash(data),
        epochs,
        batchesPerEpoch,
        firstStep: step,
        firstEpoch,
      });
      if (selection.fallbackReason) emit({ type: 'log', runId, level: 'warn', message: selection.fallbackReason });
      emit({ type: 'log', runId, level: 'info', message: `Training on ${environment.backend} (${environment.device}), ${data.train.count} samples, ${batchesPerEpoch} batches of ${batchSize} per epoch.` });
      if (job.resume) {
        emit({
          type: 'log',
          runId,
          level: 'info',
          message: job.resume.checkpointDir
            ? `Resumed from ${job.resume.checkpointDir} at epoch ${firstEpoch + 1}, step ${step}${optimizerRestored ? ' (optimizer state restored)' : ''}.`
            : `No checkpoint was kept, so the run starts over from epoch ${firstEpoch + 1} with the seed's initial weights.`,
        });
      }
      const metricNames = spec.compile.metrics;
      const totalSamplesLeft = (epoch: number, doneInEpoch: number): number => (epochs - epoch) * data.train.count - doneInEpoch;
      let bestValue: number | null = null;
      for (let epoch = firstEpoch; epoch < epochs; epoch++) {
        const order = spec.fit.shuffle ? shuffledIndices(data.train.count, deriveSeed(seed, 'shuffle', epoch)) : Int32Array.from({ length: data.train.count }, (_, i) => i);
        const sums = new Float64Array(1 + metricNames.length);
        let seen = 0;
        const t0 = performance.now();
        for (let batch = 0; batch < batchesPerEpoch; batch++) {
          if (shouldStop()) return end('stopped', `Stopped by request during epoch ${epoch + 1}, before batch ${batch + 1} of ${batchesPerEpoch}.`);
          const idx = order.subarray(batch * batchSize, Math.min(data.train.count, (batch + 1) * batchSize));
          const xs = gatherBatch(data.train, idx);
          const ys = labelTensor(data.train.y, layout, idx);
          let values: number[];
          try {
            const out = await model.trainOnBatch(xs, ys);
            values = Array.isArray(out) ? out : [out];
          } finally {
            tf.dispose([xs, ys]);
          }
          const loss = values[0]!;
          if (!Number.isFinite(loss)) {
            return end(
              'diverged',
              `The loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'} at epoch ${epoch + 1}, batch ${batch + 1} (step ${step}). ` +
                'Lower the learning rate (e.g. by 10×), or normalize the inputs/targets.',
              { epoch, batch, step },
            );
          }
          seen += idx.length;
          for (let i = 0; i < sums.length; i++) sums[i]! += (values[i] ?? 0) * idx.length;
          const metrics: Record<string, number> = {};
          metricNames.forEach((name, i) => (metrics[name] = values[i + 1]!));
          const elapsed = (performance.now() - t0) / 1000;
          const sps = elapsed > 0 ? seen / elapsed : 0;
          emit({
            type: 'batch',
            runId,
            epoch,
            batch,
            step,
            loss,
            metrics,
            samplesPerSecond: sps,
            etaSeconds: sps > 0 ? totalSamplesLeft(epoch, seen) / sps : 0,
          });
          step++;
        }
        const trainSeconds = (performance.now() - t0) / 1000;
        const logs: Record<string, number> = { loss: sums[0]! / Math.max(1, seen) };
        metricNames.forEach((name, i) => (logs[name] = sums[i + 1]! / Math.max(1, seen)));
        if (data.validation && data.validation.count > 0) {
          const val = await scoreSplit(model, data.validation, layout, metricNames, batchSize);
          for (const [k, v] of Object.entries(val)) logs[`val_${k}`] = v;
        }
        emit({
          type: 'epoch',
          runId,
          epoch,
          step: step - 1,
          logs,
          samplesPerSecond: trainSeconds > 0 ? seen / trainSeconds : 0,
          durationMs: Math.round(performance.now() - t0),
        });
        if (job.checkpoints !== 'none') bestValue = await saveCheckpoint(epoch, step - 1, logs, bestValue);
        if (shouldStop() && epoch + 1 < epochs) return end('stopped', `Stopped by request after epoch ${epoch + 1} of ${epochs}.`);
      }
      await finish(layout);
      return end('finished', null);
    } catch (error) {
      const e = encodeError(error);
      return end('failed', `${e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`);
    }
  };

  /** Saves weights + optimizer state; with 'best', only when the monitored value improved. */
  async function saveCheckpoint(epoch: number, step: number, logs: Record<string, number>, best: number | null): Promise<number | null> {
    const metric = pickMonitor(logs);
    if (job.checkpoints === 'best' && metric && best !== null) {
      const better = metric.mode === 'max' ? metric.value > best : metric.value < best;
      if (!better) return best;
    }
    const dir = checkpointDir(runDir, epoch);
    await saveModelFolder(model, dir, true);
    post({
      kind: 'checkpoint',
      weightsPath: join(dir, 'weights.bin'),
      modelJsonPath: join(dir, 'model.json'),
      epoch,
      step,
      metric,
    });
    return metric ? metric.value : best;
  }

  async function finish(layoutNow: LabelLayout): Promise<void> {
    const dir = finalModelDir(runDir);
    await saveModelFolder(model, dir, false);
    post({ kind: 'artifact', artifactKind: 'weights', paths: [join(dir, 'weights.bin'), join(dir, 'model.json')] });
    let test = data.test;
    if (!test || test.count === 0) {
      // Like the reference RNN's `model.evaluate(X, y)`: with no held-out data, score the training data, and say so.
      test = data.train;
      post({ kind: 'event', event: { type: 'log', runId: job.runId, level: 'info', message: 'The data has no test split: evaluated on the training data.' } });
    }
    const { evaluation, predicted } = await evaluateModel(model, test, layoutNow, spec.compile.metrics, data.descriptor, spec.fit.batch_size);
    post({ kind: 'event', event: { type: 'evaluation', runId: job.runId, evaluation } });
    if (predicted) {
      const samples = pickSamples(test, predicted, data.descriptor);
      if (samples) {
        mkdirSync(runDir, { recursive: true });
        const path = join(runDir, 'samples.json');
        writeFileSync(path, JSON.stringify({ classNames: evaluation.classNames ?? data.descriptor.classNames, samples }));
        post({ kind: 'artifact', artifactKind: 'samples', paths: [path], meta: { count: samples.length } });
      }
    }
  }

  return { info, run, dispose: () => model.dispose() };
}

/** The value 'best' checkpoints follow: val_accuracy, accuracy, val_loss, loss (first present). */
function pickMonitor(logs: Record<string, number>): { name: string; value: number; mode: 'min' | 'max' } | null {
  for (const [name, mode] of [
    ['val_accuracy', 'max'],
    ['accuracy', 'max'],
    ['val_loss', 'min'],
    ['loss', 'min'],
  ] as const) {
    const value = logs[name];
    if (value !== undefined && Number.isFinite(value)) return { name, value, mode };
  }
  return null;
}

/** Convenience for tests and tools: prepare then run in this thread, collecting every message. */
export async function runSessionInProcess(job: TrainingJob, runDir: string, shouldStop: () => boolean = () => false, onMessage?: Post): Promise<{ messages: WorkerToMain[]; ended: RunEndedEvent }> {
  const messages: WorkerToMain[] = [];
  const post: Post = (m) => {
    messages.push(m);
    onMessage?.(m);
  };
  const session = await prepareSession(job, post);
  try {
    const ended = await session.run(shouldStop, runDir);
    return { messages, ended };
  } finally {
    session.dispose();
  }
}
