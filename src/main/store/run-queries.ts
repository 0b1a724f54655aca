// Read side of the run database: the run list (sort, filter, search, paging), one run in full,
// and metric series for charts. Pure functions over a better-sqlite3 handle.
import type Database from 'better-sqlite3';
import { runQuerySchema, type RunQuery, type SeriesData } from '../../shared/api/channels/runs-channels';
import type { BackendName, DatasetDescriptor, DatasetKind, Environment, Evaluation, RunDetail, RunStatus, RunSummary } from '../../shared/run/run-types';
import type { ModelSpec } from '../../shared/spec/model-spec';
import type { ListRunsResult, SeriesRequest } from './run-repository';
import { listArtifactRows } from './run-artifacts';
import { RunNotFoundError } from './store-errors';

/** The columns of `runs` as read here (snake_case, straight from SQLite). */
export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  status_reason: string | null;
  diverged_at: string | null;
  started_at: string;
  ended_at: string | null;
  updated_at: string;
  duration_ms: number | null;
  seed: number;
  tags: string;
  notes: string;
  writer_pid: number | null;
  writer_host: string | null;
  writer_token: string | null;
  model_name: string;
  spec: string;
  settings: string;
  dataset_name: string;
  dataset_kind: string | null;
  dataset: string | null;
  environment: string | null;
  backend: string | null;
  gpu: number;
  epochs_planned: number;
  epochs_done: number;
  last_step: number | null;
  samples_per_second: number | null;
  best_metric_name: string | null;
  best_metric_value: number | null;
}

const SUMMARY_COLUMNS = `id, name, status, status_reason, started_at, ended_at, updated_at, duration_ms, tags, model_name,
  dataset_name, backend, gpu, epochs_planned, epochs_done, best_metric_name, best_metric_value`;

const SORT_COLUMNS: Record<string, string> = {
  startedAt: 'started_at',
  name: 'name COLLATE NOCASE',
  status: 'status',
  modelName: 'model_name COLLATE NOCASE',
  datasetName: 'dataset_name COLLATE NOCASE',
  backend: 'backend',
  bestMetric: 'best_metric_value',
  durationMs: 'duration_ms',
};

export function rowToSummary(row: Pick<RunRow, 'id' | 'name' | 'status' | 'status_reason' | 'started_at' | 'ended_at' | 'duration_ms' | 'tags' | 'model_name' | 'dataset_name' | 'backend' | 'gpu' | 'epochs_planned' | 'epochs_done' | 'best_metric_name' | 'best_metric_value'>): RunSummary {
  const durationMs =
    row.duration_ms ?? (row.status === 'running' ? Math.max(0, Date.now() - Date.parse(row.started_at)) : null);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    modelName: row.model_name,
    datasetName: row.dataset_name,
    backend: (row.backend as BackendName | null) ?? null,
    gpu: row.gpu === 1,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs,
    epochsDone: row.epochs_done,
    epochsPlanned: row.epochs_planned,
    tags: JSON.parse(row.tags) as string[],
    bestMetric: row.best_metric_name !== null && row.best_metric_value !== null ? { name: row.best_metric_name, value: row.best_metric_value } : null,
    statusReason: row.status_reason,
  };
}

const NULLABLE_SORTS = new Set(['backend', 'bestMetric', 'durationMs']);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function listRuns(db: Database.Database, query: RunQuery = {}): ListRunsResult {
  const q = runQuerySchema.parse(query);
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.status && q.status.length > 0) {
    where.push(`status IN (${q.status.map((_, i) => `@status${i}`).join(', ')})`);
    q.status.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (q.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE json_each.value = @tag)');
    params.tag = q.tag;
  }
  if (q.dataset) {
    where.push('(dataset_name = @dataset COLLATE NOCASE OR dataset_kind = @dataset COLLATE NOCASE)');
    params.dataset = q.dataset;
  }
  if (q.model) {
    where.push('model_name = @model COLLATE NOCASE');
    params.model = q.model;
  }
  if (q.search && q.search.trim() !== '') {
    where.push(
      `(id LIKE @search ESCAPE '\\' OR name LIKE @search ESCAPE '\\' OR model_name LIKE @search ESCAPE '\\'
        OR dataset_name LIKE @search ESCAPE '\\' OR notes LIKE @search ESCAPE '\\' OR tags LIKE @search ESCAPE '\\')`,
    );
    params.search = `%${escapeLike(q.search.trim())}%`;
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const column = SORT_COLUMNS[q.sortBy] ?? 'started_at';
  const dir = q.sortDir === 'asc' ? 'ASC' : 'DESC';
  // Runs without a value (no metric yet, still running) go last whichever the direction; the
  // NOT NULL columns skip that term so their index can serve the ORDER BY.
  const nullable = NULLABLE_SORTS.has(q.sortBy) ? `(${column.split(' ')[0]} IS NULL), ` : '';
  const orderSql = `ORDER BY ${nullable}${column} ${dir}, id ${dir}`;
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs ${whereSql} ${orderSql} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as RunRow[];
  const total = db.prepare(`SELECT COUNT(*) FROM runs ${whereSql}`).pluck().get(params) as number;
  return { rows: rows.map(rowToSummary), total };
}

export function getRunRow(db: Database.Database, id: string): RunRow {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw new RunNotFoundError(id);
  return row;
}

export function getRunSummary(db: Database.Database, id: string): RunSummary {
  return rowToSummary(getRunRow(db, id));
}

function datasetOf(row: RunRow): DatasetDescriptor {
  const stored = row.dataset ? (JSON.parse(row.dataset) as Partial<DatasetDescriptor>) : {};
  // Before the 'started' event only kind and name are known; fill the rest with empty values.
  return {
    kind: (stored.kind ?? row.dataset_kind ?? 'random') as DatasetKind,
    name: stored.name ?? row.dataset_name,
    source: stored.source ?? '',
    inputShape: stored.inputShape ?? [],
    numClasses: stored.numClasses ?? 0,
    classNames: stored.classNames ?? [],
    trainSize: stored.trainSize ?? 0,
    validationSize: stored.validationSize ?? 0,
    testSize: stored.testSize ?? 0,
    normalization: stored.normalization ?? '',
    options: stored.options ?? {},
  };
}

function evaluationOf(db: Database.Database, id: string): Evaluation | null {
  const row = db.prepare('SELECT * FROM evaluations WHERE run_id = ?').get(id) as
    | { loss: number | null; metrics: string; confusion_matrix: string | null; per_class_accuracy: string | null; class_names: string | null }
    | undefined;
  if (!row) return null;
  const evaluation: Evaluation = { loss: row.loss ?? NaN, metrics: JSON.parse(row.metrics) as Record<string, number> };
  if (row.confusion_matrix) evaluation.confusionMatrix = JSON.parse(row.confusion_matrix) as number[][];
  if (row.per_class_accuracy) evaluation.perClassAccuracy = JSON.parse(row.per_class_accuracy) as number[];
  if (row.class_names) evaluation.classNames = JSON.parse(row.class_names) as string[];
  return evaluation;
}

export function getRunDetail(db: Database.Database, id: string): RunDetail {
  const row = getRunRow(db, id);
  const series = db
    .prepare(
      `SELECT s.scope, s.name, (SELECT value FROM metric_points p WHERE p.series_id = s.id ORDER BY p.step DESC LIMIT 1) AS value
       FROM metric_series s WHERE s.run_id = ? ORDER BY s.id`,
    )
    .all(id) as { scope: 'batch' | 'epoch'; name: string; value: number | null }[];
  const finalMetrics: Record<string, number> = {};
  const metricNames = { batch: [] as string[], epoch: [] as string[] };
  for (const s of series) {
    metricNames[s.scope].push(s.name);
    if (s.scope === 'epoch') finalMetrics[s.name] = s.value ?? NaN;
  }
  return {
    ...rowToSummary(row),
    seed: row.seed,
    notes: row.notes,
    spec: JSON.parse(row.spec) as ModelSpec,
    dataset: datasetOf(row),
    environment: row.environment ? (JSON.parse(row.environment) as Environment) : null,
    evaluation: evaluationOf(db, id),
    artifacts: listArtifactRows(db, id),
    finalMetrics,
    metricNames,
    samplesPerSecond: row.samples_per_second,
  };
}

/**
 * One entry per asked name, in the asked order; a name never recorded gives an empty series.
 * Decimation runs inside SQLite as one aggregate per bucket over a primary-key range (measured
 * faster than a GROUP BY, which sorts): bucket b holds the steps s with
 * floor((s - first) * buckets / span) = b, which for contiguous steps is decimateSeries's rule;
 * a gap in the steps leaves a bucket empty, and empty buckets are left out.
 */
export function getSeries(db: Database.Database, request: SeriesRequest): SeriesData[] {
  getRunRow(db, request.runId);
  const seriesId = db.prepare('SELECT id FROM metric_series WHERE run_id = ? AND scope = ? AND name = ?').pluck();
  const extent = db.prepare('SELECT MIN(step) AS first, MAX(step) AS last, COUNT(*) AS n FROM metric_points WHERE series_id = ?');
  // JSON arrays out of SQLite and one JSON.parse each: far fewer JS allocations than a row per point.
  const full = db
    .prepare(
      `SELECT json_group_array(step), json_group_array(epoch), json_group_array(value)
       FROM (SELECT step, epoch, value FROM metric_points WHERE series_id = ? ORDER BY step)`,
    )
    .raw();
  const bucket = db
    .prepare('SELECT MAX(step), MAX(epoch), AVG(value), MIN(value), MAX(value) FROM metric_points WHERE series_id = ? AND step >= ? AND step < ?')
    .raw();
  const orNaN = (values: (number | null)[]) => values.map((v) => v ?? NaN);
  return request.names.map((name) => {
    const id = seriesId.get(request.runId, request.scope, name) as number | undefined;
    const empty: SeriesData = { name, scope: request.scope, step: [], epoch: [], value: [] };
    if (id === undefined) return empty;
    const { first, last, n } = extent.get(id) as { first: number | null; last: number | null; n: number };
    if (n === 0 || first === null || last === null) return empty;
    const buckets = request.buckets;
    if (buckets === undefined || n <= buckets) {
      const [steps, epochs, values] = full.get(id) as [string, string, string];
      return { name, scope: request.scope, step: JSON.parse(steps) as number[], epoch: JSON.parse(epochs) as number[], value: orNaN(JSON.parse(values) as (number | null)[]) };
    }
    const span = last - first + 1;
    const out: SeriesData = { name, scope: request.scope, step: [], epoch: [], value: [], min: [], max: [] };
    for (let b = 0; b < buckets; b++) {
      const from = first + Math.ceil((b * span) / buckets);
      const to = first + Math.ceil(((b + 1) * span) / buckets);
      const row = bucket.get(id, from, to) as [number | null, number | null, number | null, number | null, number | null];
      if (row[0] === null) continue;
      out.step.push(row[0]);
      out.epoch.push(row[1]!);
      out.value.push(row[2] ?? NaN);
      out.min!.push(row[3] ?? NaN);
      out.max!.push(row[4] ?? NaN);
    }
    return out;
  });
}
