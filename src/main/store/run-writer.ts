// Turns trainer events into rows. Batch points are buffered in memory and written in one
// transaction every ~250 ms or N points, and at epoch end and run end, so that logging costs the
// training loop a push per metric; a failed write becomes one StoreError (thrown and onFatal).
import type Database from 'better-sqlite3';
import type { MetricScope } from '../../shared/run/run-types';
import type { TrainingEvent } from '../../shared/training/training-events';
import { currentWriter } from './interrupted-recovery';
import { RunNotFoundError, StoreError, toStoreError } from './store-errors';

export interface RunWriterOptions {
  /** Longest time a batch point waits in memory before it is written. */
  flushIntervalMs?: number;
  /** Buffered points that force a write right away. */
  maxBufferedPoints?: number;
  /** Called once with the first failed write (also thrown by the next recordEvent). */
  onFatal?: (error: StoreError) => void;
}

interface PendingPoint {
  runId: string;
  scope: MetricScope;
  name: string;
  step: number;
  epoch: number;
  value: number;
}

interface RunProgress {
  lastStep: number;
  samplesPerSecond: number | null;
}

/** Picks the headline metric of a run: validation accuracy, else accuracy, else the lowest loss. */
const BEST_METRIC_ORDER: { name: string; mode: 'max' | 'min' }[] = [
  { name: 'val_accuracy', mode: 'max' },
  { name: 'accuracy', mode: 'max' },
  { name: 'val_loss', mode: 'min' },
  { name: 'loss', mode: 'min' },
];

/** SQLite has no NaN (it would become NULL anyway); ±Infinity is kept so a blown-up loss still shows. */
function nanToNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export class RunWriter {
  private buffer: PendingPoint[] = [];
  private readonly progress = new Map<string, RunProgress>();
  private readonly seriesIds = new Map<string, number>();
  private readonly knownRuns = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private fatal: StoreError | null = null;
  private readonly flushIntervalMs: number;
  private readonly maxBufferedPoints: number;
  private readonly stmt;
  private readonly writeBuffer: Database.Transaction<(points: PendingPoint[]) => void>;

  constructor(
    private readonly db: Database.Database,
    private readonly dbPath: string,
    private readonly options: RunWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxBufferedPoints = options.maxBufferedPoints ?? 5000;
    this.stmt = {
      runExists: db.prepare('SELECT 1 FROM runs WHERE id = ?').pluck(),
      seriesInsert: db.prepare('INSERT OR IGNORE INTO metric_series (run_id, scope, name) VALUES (?, ?, ?)'),
      seriesSelect: db.prepare('SELECT id FROM metric_series WHERE run_id = ? AND scope = ? AND name = ?').pluck(),
      // REPLACE: a resumed run re-runs the steps after its checkpoint; the newer values win.
      pointInsert: db.prepare('INSERT OR REPLACE INTO metric_points (series_id, step, epoch, value) VALUES (?, ?, ?, ?)'),
      progress: db.prepare(
        'UPDATE runs SET last_step = MAX(COALESCE(last_step, -1), ?), samples_per_second = COALESCE(?, samples_per_second), updated_at = ? WHERE id = ?',
      ),
    };
    this.writeBuffer = db.transaction((points: PendingPoint[]) => {
      for (const p of points) this.stmt.pointInsert.run(this.seriesId(p.runId, p.scope, p.name), p.step, p.epoch, nanToNull(p.value));
      const now = new Date().toISOString();
      for (const [runId, pr] of this.progress) this.stmt.progress.run(pr.lastStep, pr.samplesPerSecond, now, runId);
      this.progress.clear();
    });
  }

  /** The error that stopped writing, if any. */
  get failure(): StoreError | null {
    return this.fatal;
  }

  get bufferedPoints(): number {
    return this.buffer.length;
  }

  record(event: TrainingEvent): void {
    if (event.type === 'log') return;
    if (event.type === 'ended') return this.recordEnded(event);
    if (this.fatal) throw this.fatal;
    this.assertRun(event.runId);
    switch (event.type) {
      case 'batch': {
        this.push(event.runId, 'batch', 'loss', event.step, event.epoch, event.loss);
        for (const [name, value] of Object.entries(event.metrics)) this.push(event.runId, 'batch', name, event.step, event.epoch, value);
        this.noteProgress(event.runId, event.step, event.samplesPerSecond);
        if (this.buffer.length >= this.maxBufferedPoints) this.flush();
        else this.schedule();
        return;
      }
      case 'epoch': {
        for (const [name, value] of Object.entries(event.logs)) this.push(event.runId, 'epoch', name, event.step, event.epoch, value);
        this.noteProgress(event.runId, event.step, event.samplesPerSecond);
        this.flush();
        // Both summary UPDATEs in one commit: fewer WAL frames per epoch.
        this.guard('saving the epoch summary', () => this.db.transaction(() => this.updateEpochSummary(event.runId, event.logs)).immediate());
        return;
      }
      case 'started':
        this.flush();
        this.guard('saving the run environment', () => {
          const e = event;
          this.db
            .prepare(
              `UPDATE runs SET status = 'running', environment = ?, backend = ?, gpu = ?, dataset = ?, dataset_name = ?, dataset_kind = ?,
                 dataset_hash = ?, spec_hash = ?, epochs_planned = ?, batches_per_epoch = ?, writer_pid = ?, writer_host = ?, writer_token = ?, updated_at = ?
               WHERE id = ?`,
            )
            .run(
              JSON.stringify(e.environment),
              e.environment.backend,
              e.environment.gpu ? 1 : 0,
              JSON.stringify(e.dataset),
              e.dataset.name,
              e.dataset.kind,
              e.datasetHash,
              e.specHash,
              e.epochs,
              e.batchesPerEpoch,
              currentWriter().pid,
              currentWriter().host,
              currentWriter().token,
              new Date().toISOString(),
              e.runId,
            );
        });
        return;
      case 'evaluation':
        this.flush();
        this.guard('saving the evaluation', () => {
          const ev = event.evaluation;
          this.db
            .prepare(
              `INSERT OR REPLACE INTO evaluations (run_id, loss, metrics, confusion_matrix, per_class_accuracy, class_names, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              event.runId,
              nanToNull(ev.loss),
              JSON.stringify(ev.metrics),
              ev.confusionMatrix ? JSON.stringify(ev.confusionMatrix) : null,
              ev.perClassAccuracy ? JSON.stringify(ev.perClassAccuracy) : null,
              ev.classNames ? JSON.stringify(ev.classNames) : null,
              new Date().toISOString(),
            );
        });
        return;
    }
  }

  /** Writes the buffered points in one transaction. Throws StoreError (and reports it once) on failure. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.fatal) throw this.fatal;
    if (this.buffer.length === 0 && this.progress.size === 0) return;
    const points = this.buffer;
    this.buffer = [];
    try {
      this.writeBuffer.immediate(points);
    } catch (error) {
      // The rollback may have taken series rows this cache already handed out.
      this.seriesIds.clear();
      const wrapped = toStoreError(error, 'saving metric points', this.dbPath);
      // Locked past busy_timeout: keep the points for the next try instead of giving up the run.
      if (wrapped instanceof StoreError && wrapped.code === 'busy') {
        this.buffer = points.concat(this.buffer);
        throw wrapped;
      }
      this.guard('saving metric points', () => {
        throw wrapped;
      });
    }
  }

  /** Stops the timer; what is still buffered is written first when possible. */
  close(): void {
    try {
      if (!this.fatal) this.flush();
    } finally {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Forgets cached series ids of deleted runs. */
  forgetRuns(ids: Iterable<string>): void {
    const gone = new Set(ids);
    for (const id of gone) this.knownRuns.delete(id);
    for (const key of [...this.seriesIds.keys()]) if (gone.has(key.slice(0, key.indexOf('\0')))) this.seriesIds.delete(key);
    this.buffer = this.buffer.filter((p) => !gone.has(p.runId));
  }

  private push(runId: string, scope: MetricScope, name: string, step: number, epoch: number, value: number): void {
    this.buffer.push({ runId, scope, name, step, epoch, value });
  }

  private noteProgress(runId: string, step: number, samplesPerSecond: number): void {
    const pr = this.progress.get(runId);
    const sps = Number.isFinite(samplesPerSecond) && samplesPerSecond > 0 ? samplesPerSecond : null;
    if (pr) {
      pr.lastStep = Math.max(pr.lastStep, step);
      if (sps !== null) pr.samplesPerSecond = sps;
    } else this.progress.set(runId, { lastStep: step, samplesPerSecond: sps });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch {
        // Already kept in this.fatal and reported through onFatal; the next recordEvent throws it.
      }
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  private seriesId(runId: string, scope: MetricScope, name: string): number {
    const key = `${runId}\0${scope}\0${name}`;
    let id = this.seriesIds.get(key);
    if (id === undefined) {
      this.stmt.seriesInsert.run(runId, scope, name);
      id = this.stmt.seriesSelect.get(runId, scope, name) as number;
      this.seriesIds.set(key, id);
    }
    return id;
  }

  private assertRun(runId: string): void {
    if (this.knownRuns.has(runId)) return;
    const exists = this.guard('looking up the run', () => this.stmt.runExists.get(runId));
    if (!exists) throw new RunNotFoundError(runId);
    this.knownRuns.add(runId);
  }

  private updateEpochSummary(runId: string, logs: Record<string, number>): void {
    this.db
      .prepare(
        `UPDATE runs SET epochs_done = (SELECT COUNT(DISTINCT p.epoch) FROM metric_points p JOIN metric_series s ON s.id = p.series_id
           WHERE s.run_id = @runId AND s.scope = 'epoch') WHERE id = @runId`,
      )
      .run({ runId });
    const pick = BEST_METRIC_ORDER.find((m) => Number.isFinite(logs[m.name]));
    if (!pick) return;
    const value = logs[pick.name]!;
    const better = pick.mode === 'max' ? 'MAX' : 'MIN';
    this.db
      .prepare(
        `UPDATE runs SET best_metric_value = CASE WHEN best_metric_name = @name AND best_metric_value IS NOT NULL
           THEN ${better}(best_metric_value, @value) ELSE @value END, best_metric_name = @name WHERE id = @runId`,
      )
      .run({ name: pick.name, value, runId });
  }

  private recordEnded(event: Extract<TrainingEvent, { type: 'ended' }>): void {
    // After a failed write the buffer is dropped, but the final status is still worth a try:
    // it is one small UPDATE that often fits where a batch of points did not.
    if (!this.fatal) {
      this.assertRun(event.runId);
      this.flush();
    }
    this.guard('saving the final status', () => {
      const now = new Date();
      this.db
        .prepare(
          `UPDATE runs SET status = ?, status_reason = ?, diverged_at = ?, ended_at = ?, updated_at = ?,
             duration_ms = CAST(ROUND((julianday(?) - julianday(started_at)) * 86400000) AS INTEGER) WHERE id = ?`,
        )
        .run(event.status, event.reason, event.at ? JSON.stringify(event.at) : null, now.toISOString(), now.toISOString(), now.toISOString(), event.runId);
    });
  }

  private guard<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      const wrapped = toStoreError(error, action, this.dbPath);
      if (wrapped instanceof StoreError && !this.fatal && wrapped.code !== 'busy') {
        this.fatal = wrapped;
        this.buffer = [];
        this.progress.clear();
        this.options.onFatal?.(wrapped);
      }
      throw wrapped;
    }
  }
}
