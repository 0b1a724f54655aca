// Shared pieces for the store tests: a temp data dir, a small real spec/dataset/environment,
// and a scripted run (started → batches → epochs → evaluation → ended) fed through recordEvent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetDescriptor, Environment } from '../../../src/shared/run/run-types';
import { DEFAULT_COMPILE, DEFAULT_FIT, MODEL_SPEC_FORMAT, MODEL_SPEC_VERSION, type ModelSpec } from '../../../src/shared/spec/model-spec';
import type { TrainingEvent } from '../../../src/shared/training/training-events';
import { RunStore, type RunStoreOptions } from '../../../src/main/store/run-store';

export interface TempHome {
  home: string;
  dbPath: string;
  artifactsDir: string;
  cleanup(): void;
}

export function makeTempHome(): TempHome {
  const home = mkdtempSync(join(tmpdir(), 'trainbench-store-'));
  return {
    home,
    dbPath: join(home, 'trainbench.db'),
    artifactsDir: join(home, 'artifacts'),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

export function openStore(home: TempHome, options: Partial<RunStoreOptions> = {}): RunStore {
  return RunStore.open(home.dbPath, { artifactsDir: home.artifactsDir, ...options });
}

export function sampleSpec(overrides: Partial<ModelSpec> = {}, learningRate = 0.001): ModelSpec {
  return {
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name: 'fashion-cnn',
    input_shape: [28, 28, 1],
    layers: [
      { className: 'Conv2D', args: { filters: 32, kernel_size: [3, 3], activation: 'relu' } },
      { className: 'Flatten', args: {} },
      { className: 'Dense', args: { units: 10, activation: 'softmax' } },
    ],
    compile: { ...DEFAULT_COMPILE, optimizer: { name: 'adam', learning_rate: learningRate } },
    fit: { ...DEFAULT_FIT, epochs: 2, batch_size: 32 },
    ...overrides,
  };
}

export function sampleDataset(name = 'Fashion-MNIST'): DatasetDescriptor {
  return {
    kind: 'fashion-mnist',
    name,
    source: '/usr/share/datasets/fashion-mnist',
    inputShape: [28, 28, 1],
    numClasses: 10,
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    trainSize: 960,
    validationSize: 64,
    testSize: 128,
    normalization: 'pixels / 255',
    options: { limit: 1024, seed: 7 },
  };
}

export function sampleEnvironment(backend: Environment['backend'] = 'wasm'): Environment {
  return {
    backend,
    backendPackage: '@tensorflow/tfjs-backend-wasm',
    gpu: false,
    device: 'wasm SIMD, 1 thread',
    threads: 1,
    tfjsVersion: '4.22.0',
    trainbenchVersion: '0.1.0',
    os: 'linux',
    cpu: 'test cpu',
    nodeVersion: process.version,
  };
}

/** A deterministic, noisy-but-falling loss curve; the values are computed, not hard-coded in asserts. */
export function lossAt(step: number): number {
  return 2.3 * Math.exp(-step / 400) + 0.05 * Math.sin(step * 1.7) + 0.1;
}
export function accuracyAt(step: number): number {
  return Math.min(0.99, 0.1 + step / 1000);
}

export interface ScriptedRunOptions {
  runId: string;
  epochs: number;
  batchesPerEpoch: number;
  firstEpoch?: number;
  firstStep?: number;
  end?: TrainingEvent & { type: 'ended' };
  evaluation?: boolean;
  valOffset?: number;
}

/** The events one run emits, in order. Epoch logs carry loss/accuracy/val_loss/val_accuracy. */
export function scriptedRun(o: ScriptedRunOptions): TrainingEvent[] {
  const events: TrainingEvent[] = [];
  const firstEpoch = o.firstEpoch ?? 0;
  let step = o.firstStep ?? 0;
  events.push({
    type: 'started',
    runId: o.runId,
    environment: sampleEnvironment(),
    dataset: sampleDataset(),
    specHash: 'spec-hash',
    datasetHash: 'data-hash',
    epochs: o.epochs,
    batchesPerEpoch: o.batchesPerEpoch,
    firstStep: step,
    firstEpoch,
  });
  for (let epoch = firstEpoch; epoch < firstEpoch + o.epochs; epoch++) {
    for (let batch = 0; batch < o.batchesPerEpoch; batch++, step++) {
      events.push({
        type: 'batch',
        runId: o.runId,
        epoch,
        batch,
        step,
        loss: lossAt(step),
        metrics: { accuracy: accuracyAt(step) },
        samplesPerSecond: 300,
        etaSeconds: 1,
      });
    }
    const last = step - 1;
    events.push({
      type: 'epoch',
      runId: o.runId,
      epoch,
      step: last,
      logs: { loss: lossAt(last), accuracy: accuracyAt(last), val_loss: lossAt(last) + 0.1 + (o.valOffset ?? 0), val_accuracy: accuracyAt(last) - 0.05 - (o.valOffset ?? 0) },
      samplesPerSecond: 320,
      durationMs: 1000,
    });
  }
  if (o.evaluation ?? true) {
    events.push({
      type: 'evaluation',
      runId: o.runId,
      evaluation: { loss: 0.5, metrics: { accuracy: 0.8 - (o.valOffset ?? 0) }, confusionMatrix: [[5, 1], [2, 7]], classNames: ['a', 'b'] },
    });
  }
  events.push(o.end ?? { type: 'ended', runId: o.runId, status: 'finished', reason: null });
  return events;
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrownBy(fn: () => unknown): Error & { details?: { code?: string } } {
  try {
    fn();
  } catch (error) {
    return error as Error & { details?: { code?: string } };
  }
  throw new Error('expected the call to throw');
}

export function recordAll(store: RunStore, events: TrainingEvent[]): void {
  for (const e of events) store.recordEvent(e);
}
