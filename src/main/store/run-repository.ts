// The storage-neutral face of the run database: what the trainer, the API handlers and the CLI
// call. RunStore (SQLite) implements it; a PostgreSQL store would implement the same interface.
import type { CompareResult, RunQuery, SeriesData } from '../../shared/api/channels/runs-channels';
import type { ArtifactRecord, DatasetDescriptor, DatasetKind, MetricScope, RunDetail, RunSummary } from '../../shared/run/run-types';
import type { ModelSpec } from '../../shared/spec/model-spec';
import type { TrainingEvent } from '../../shared/training/training-events';

export interface CreateRunInput {
  /** Given by the caller (e.g. the TrainingManager) or generated. */
  id?: string;
  /** Display name; defaults to '<model name> <yyyy-mm-dd hh:mm>'. */
  name?: string;
  spec: ModelSpec;
  /** Defaults to spec.fit.seed. */
  seed?: number;
  tags?: string[];
  notes?: string;
  /** Known before loading: at least kind and name; the full descriptor arrives with the 'started' event. */
  dataset?: Partial<DatasetDescriptor> & { kind: DatasetKind; name: string };
  /** Training options as asked (backend, checkpoints policy ...), kept for comparison. */
  settings?: Record<string, unknown>;
  epochsPlanned?: number;
  startedAt?: Date;
}

export interface UpdateRunInput {
  id: string;
  name?: string;
  tags?: string[];
  notes?: string;
}

export interface SeriesRequest {
  runId: string;
  names: string[];
  scope: MetricScope;
  /** Decimate to at most this many buckets (min/max kept per bucket); absent = the full series. */
  buckets?: number;
}

export interface AddArtifactInput {
  runId: string;
  kind: ArtifactRecord['kind'];
  /** Absolute, or relative to the data dir. The file must exist: its size and sha256 are taken now. */
  path: string;
  epoch?: number;
  meta?: Record<string, unknown>;
}

export interface RecordCheckpointInput {
  runId: string;
  /** The weights file the trainer wrote (usually under artifactDir(runId)). */
  path: string;
  epoch: number;
  /** Global step at the end of that epoch: the resume point. */
  step: number;
  /** 'every': keep one per epoch; 'best': keep only the best by `metric` (older best rows and files removed). */
  policy: 'every' | 'best';
  metric?: { name: string; value: number; mode: 'min' | 'max' };
  /** Other weight files written with it (e.g. model.json + weights.bin); recorded with the same epoch. */
  extraPaths?: string[];
}

export interface ResumePoint {
  runId: string;
  /** Last completed epoch to resume after, -1 when none completed. */
  lastEpoch: number;
  /** Global step at the end of lastEpoch (-1 when none): the resumed session starts at lastStep + 1. */
  lastStep: number;
  /** Highest step that has any stored point (points beyond lastStep are overwritten by the resumed session). */
  lastRecordedStep: number;
  /** The checkpoint to load weights from; null means no weights were kept (resume starts from fresh weights). */
  checkpoint: ArtifactRecord | null;
}

export interface ListRunsResult {
  rows: RunSummary[];
  total: number;
}

export interface RunRepository {
  createRun(input: CreateRunInput): RunSummary;
  /**
   * Consumes one trainer event. Batch points are buffered and written in batched transactions;
   * 'epoch', 'evaluation' and 'ended' flush. Throws StoreError when a write fails (also one that
   * failed earlier in a background flush); the same error goes to `onFatal` once.
   */
  recordEvent(event: TrainingEvent): void;
  /** Writes everything buffered now. */
  flush(): void;
  listRuns(query?: RunQuery): ListRunsResult;
  getRun(id: string): RunDetail;
  getSeries(request: SeriesRequest): SeriesData[];
  updateRun(input: UpdateRunInput): RunSummary;
  deleteRuns(ids: string[]): { deleted: number };
  compareRuns(ids: string[]): CompareResult;
  /** The folder for a run's files (data dir's artifacts/<run-id>/), created on demand. */
  artifactDir(runId: string): string;
  addArtifact(input: AddArtifactInput): ArtifactRecord;
  listArtifacts(runId: string, kind?: ArtifactRecord['kind']): ArtifactRecord[];
  recordCheckpoint(input: RecordCheckpointInput): ArtifactRecord;
  getResumePoint(runId: string): ResumePoint;
  /** Sets a stopped/interrupted/failed run back to 'running' under this process, to be continued with the same id. */
  markResumed(runId: string): RunSummary;
  /** Runs found left 'running' by a dead process and marked 'interrupted' when this store opened. */
  readonly recoveredRunIds: readonly string[];
  close(): void;
}
