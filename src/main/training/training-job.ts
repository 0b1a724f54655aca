// What the TrainingManager hands a training worker, and the messages they exchange.
// Plain, structured-clone-able data only: it crosses a worker_threads boundary.
import type { ErrorPayload } from '../../shared/api/api-error';
import type { DatasetOptions, DatasetSource } from '../../shared/dataset/dataset-source';
import type { BackendRequest, DatasetDescriptor, Environment } from '../../shared/run/run-types';
import type { ModelSpec } from '../../shared/spec/model-spec';
import type { TrainingEvent } from '../../shared/training/training-events';

export type CheckpointPolicy = 'none' | 'every' | 'best';

export interface ResumeFrom {
  /** First epoch (0-based) this session trains. */
  firstEpoch: number;
  /** First global step (0-based) this session trains. */
  firstStep: number;
  /** Checkpoint folder (model.json + weights.bin) to load; null starts from the seed's weights. */
  checkpointDir: string | null;
}

export interface TrainingJob {
  runId: string;
  /** The spec as it will train (CLI overrides already applied): epochs, batch size, seed come from spec.fit. */
  spec: ModelSpec;
  dataset: DatasetSource;
  datasetOptions: DatasetOptions;
  backend: BackendRequest;
  checkpoints: CheckpointPolicy;
  trainbenchVersion: string;
  resume?: ResumeFrom;
  /** Total epochs planned (defaults to spec.fit.epochs; a resume may extend it). */
  epochs?: number;
}

/** Saved at artifacts/<run-id>/job.json so that resume and evaluate can rebuild the same data. */
export type StoredJob = Omit<TrainingJob, 'resume'>;

export interface SetupInfo {
  environment: Environment;
  dataset: DatasetDescriptor;
  batchesPerEpoch: number;
}

export interface CheckpointMessage {
  kind: 'checkpoint';
  /** Absolute paths of weights.bin and model.json. */
  weightsPath: string;
  modelJsonPath: string;
  epoch: number;
  step: number;
  metric: { name: string; value: number; mode: 'min' | 'max' } | null;
}

export interface ArtifactMessage {
  kind: 'artifact';
  artifactKind: 'weights' | 'samples';
  /** Absolute paths; the first is the main file. */
  paths: string[];
  epoch?: number;
  meta?: Record<string, unknown>;
}

export type WorkerToMain =
  | { kind: 'ready'; info: SetupInfo }
  | { kind: 'setup-failed'; error: ErrorPayload }
  | { kind: 'event'; event: TrainingEvent }
  | CheckpointMessage
  | ArtifactMessage;

/** 'go' comes once the run is recorded, with the folder for its files (artifacts/<run-id>). */
export type MainToWorker = { kind: 'go'; runDir: string } | { kind: 'abort' };

/** Index 0 of the shared Int32Array: 0 = run, 1 = stop requested. */
export const STOP_INDEX = 0;
