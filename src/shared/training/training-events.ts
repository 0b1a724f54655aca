// Events a training run emits, from the worker to the Node side and on to the renderer.
// One discriminated union so every consumer (store, CLI progress bar, charts) switches on `type`.
import type { DatasetDescriptor, Environment, Evaluation, RunStatus } from '../run/run-types';

export interface RunStartedEvent {
  type: 'started';
  runId: string;
  environment: Environment;
  dataset: DatasetDescriptor;
  specHash: string;
  datasetHash: string;
  epochs: number;
  batchesPerEpoch: number;
  /** First global step of this session (non-zero when a run is resumed). */
  firstStep: number;
  firstEpoch: number;
}

export interface BatchEndEvent {
  type: 'batch';
  runId: string;
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  /** Global step, continuous across resumes. */
  step: number;
  loss: number;
  metrics: Record<string, number>;
  samplesPerSecond: number;
  /** Seconds left at the current speed. */
  etaSeconds: number;
}

export interface EpochEndEvent {
  type: 'epoch';
  runId: string;
  epoch: number;
  step: number;
  /** loss, accuracy, val_loss, val_accuracy ... */
  logs: Record<string, number>;
  samplesPerSecond: number;
  durationMs: number;
}

export interface EvaluationEvent {
  type: 'evaluation';
  runId: string;
  evaluation: Evaluation;
}

export interface RunEndedEvent {
  type: 'ended';
  runId: string;
  status: Exclude<RunStatus, 'running'>;
  /** Why it stopped, failed or diverged, in words a person can act on. */
  reason: string | null;
  /** For 'diverged': where the loss became NaN or infinite. */
  at?: { epoch: number; batch: number; step: number };
}

export interface LogEvent {
  type: 'log';
  runId: string;
  level: 'info' | 'warn';
  message: string;
}

export type TrainingEvent =
  | RunStartedEvent
  | BatchEndEvent
  | EpochEndEvent
  | EvaluationEvent
  | RunEndedEvent
  | LogEvent;
