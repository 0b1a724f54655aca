// What a run is, for the store, the trainer, the CLI and the UI alike.
// Plain data only: everything here crosses the API boundary and is kept in SQLite as JSON.
import type { ModelSpec } from '../spec/model-spec';

export const RUN_STATUSES = ['running', 'finished', 'stopped', 'interrupted', 'diverged', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
/** tfjs backend names: 'tensorflow' is tfjs-node or tfjs-node-gpu. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a person asks for: a backend, or 'auto' for the ladder gpu > tensorflow > wasm > cpu. */
export type BackendRequest = 'auto' | 'gpu' | BackendName;

export interface Environment {
  backend: BackendName;
  /** Which package provided the backend, e.g. '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm'. */
  backendPackage: string;
  gpu: boolean;
  /** Human description of the device, e.g. 'wasm SIMD, 1 thread' or 'NVIDIA H100 (CUDA)'. */
  device: string;
  threads: number;
  tfjsVersion: string;
  trainbenchVersion: string;
  os: string;
  cpu: string;
  nodeVersion: string;
  /** One line when the backend asked for could not be had. */
  fallbackReason?: string;
}

export type DatasetKind = 'fashion-mnist' | 'mnist' | 'random' | 'csv' | 'image-folder';

/** Where the data came from and how it was shaped, recorded with the run. */
export interface DatasetDescriptor {
  kind: DatasetKind;
  /** Display name, e.g. 'Fashion-MNIST'. */
  name: string;
  /** Folder or file the data was read from ('' for generated data). */
  source: string;
  /** Per-sample input shape after resize/channels, without batch. */
  inputShape: number[];
  numClasses: number;
  classNames: string[];
  trainSize: number;
  validationSize: number;
  testSize: number;
  /** e.g. 'pixels / 255', 'z-score per feature (train mean/std)', 'none'. */
  normalization: string;
  /** Options that shaped the data: resize, channels, limit, window, label column, seed. */
  options: Record<string, unknown>;
}

export interface MetricPoint {
  /** Global batch step, continuous across resumes. */
  step: number;
  epoch: number;
  value: number;
}

/** 'batch' points are per training batch; 'epoch' points are end-of-epoch (train_* and val_*). */
export type MetricScope = 'batch' | 'epoch';

export interface Evaluation {
  loss: number;
  metrics: Record<string, number>;
  /** Rows are true classes, columns predicted, for classifiers. */
  confusionMatrix?: number[][];
  perClassAccuracy?: number[];
  classNames?: string[];
}

export interface ArtifactRecord {
  id: number;
  runId: string;
  kind: 'checkpoint' | 'weights' | 'export' | 'samples';
  /** Path relative to the data dir. */
  path: string;
  bytes: number;
  sha256: string;
  epoch?: number;
  createdAt: string;
  meta?: Record<string, unknown>;
}

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  modelName: string;
  datasetName: string;
  backend: BackendName | null;
  gpu: boolean;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  epochsDone: number;
  epochsPlanned: number;
  tags: string[];
  /** Best validation (else train) accuracy, or lowest loss for regression. */
  bestMetric: { name: string; value: number } | null;
  statusReason: string | null;
}

export interface RunDetail extends RunSummary {
  seed: number;
  notes: string;
  spec: ModelSpec;
  dataset: DatasetDescriptor;
  environment: Environment | null;
  evaluation: Evaluation | null;
  artifacts: ArtifactRecord[];
  /** Last value of each epoch-scope metric. */
  finalMetrics: Record<string, number>;
  /** Names of the recorded series, e.g. ['loss','accuracy','val_loss','val_accuracy']. */
  metricNames: { batch: string[]; epoch: string[] };
  samplesPerSecond: number | null;
}
