// The SQLite run store: opens (and migrates, and recovers) the database, and implements
// RunRepository by delegating to the writer (batched event writes) and the query modules.
// WAL + busy_timeout let several processes train into one file while the UI reads it.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CompareResult, RunQuery, SeriesData } from '../../shared/api/channels/runs-channels';
import type { ArtifactRecord, RunDetail, RunSummary } from '../../shared/run/run-types';
import type { TrainingEvent } from '../../shared/training/training-events';
import { compareRunDetails } from './compare-runs';
import { currentWriter, isWriterAlive, recoverInterruptedRuns } from './interrupted-recovery';
import {
  addArtifactRow,
  listArtifactRows,
  recordCheckpointRows,
  removeRunArtifactDir,
  resumePoint,
  runArtifactDir,
  type ArtifactPaths,
} from './run-artifacts';
import { getRunDetail, getRunRow, getRunSummary, getSeries, listRuns } from './run-queries';
import type {
  AddArtifactInput,
  CreateRunInput,
  ListRunsResult,
  RecordCheckpointInput,
  ResumePoint,
  RunRepository,
  SeriesRequest,
  UpdateRunInput,
} from './run-repository';
import { RunWriter } from './run-writer';
import { SCHEMA_VERSION, assertSchemaSupported, migrate, readSchemaVersion } from './schema-migrations';
import { StoreError, toStoreError } from './store-errors';

export interface RunStoreOptions {
  /** Where run files go (artifacts/<run-id>/); the data dir is its parent unless `dataDir` says otherwise. */
  artifactsDir: string;
  dataDir?: string;
  /** Open for reading only (CLI list/show, a database on read-only media): every write throws StoreError 'read-only'. */
  readonly?: boolean;
  /** How long a write waits for another process's transaction, default 5000 ms. */
  busyTimeoutMs?: number;
  flushIntervalMs?: number;
  maxBufferedPoints?: number;
  /** Caps the database file at this many pages (a quota; also how the disk-full path is tested). */
  maxPageCount?: number;
  /** Called once when a background write fails; training should stop (the next recordEvent throws the same error). */
  onFatal?: (error: StoreError) => void;
}

const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}

export class RunStore implements RunRepository {
  readonly recoveredRunIds: readonly string[];
  /** True when opened read-only, asked for or because the file could not be written. */
  readonly readonly: boolean;
  private readonly writer: RunWriter;
  private readonly paths: ArtifactPaths;
  private closed = false;
  /** process.exit() skips timers: write what is buffered in the 'exit' event (synchronous, so it can). */
  private readonly flushAtExit = () => {
    try {
      this.writer.flush();
    } catch {
      // Nothing left to tell at exit; the run is marked interrupted at the next open if it was live.
    }
  };

  private constructor(
    private readonly db: Database.Database,
    readonly dbPath: string,
    options: RunStoreOptions,
    recovered: string[],
  ) {
    this.paths = { artifactsDir: options.artifactsDir, dataDir: options.dataDir ?? dirname(options.artifactsDir) };
    this.recoveredRunIds = recovered;
    this.readonly = options.readonly ?? false;
    this.writer = new RunWriter(db, dbPath, {
      ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
      ...(options.maxBufferedPoints !== undefined ? { maxBufferedPoints: options.maxBufferedPoints } : {}),
      ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    });
    if (!this.readonly) process.on('exit', this.flushAtExit);
  }

  /**
   * Opens (creating when missing) the database. Refuses, untouched, a file from a newer Trainbench.
   * Marks runs left 'running' by a dead process on this host as 'interrupted'.
   */
  static open(dbPath: string, options: RunStoreOptions): RunStore {
    let db: Database.Database;
    try {
      if (!options.readonly) mkdirSync(dirname(dbPath), { recursive: true });
      db = new Database(dbPath, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (error) {
      throw toStoreError(error, 'opening the run database', dbPath);
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      // Checked before any pragma or statement that could write to the file.
      assertSchemaSupported(readSchemaVersion(db), dbPath);
      let recovered: string[] = [];
      let readonly = options.readonly ?? false;
      if (!readonly) {
        try {
          db.pragma('journal_mode = WAL');
          // NORMAL in WAL: a killed process loses nothing committed; power loss may lose the last commits, never consistency.
          db.pragma('synchronous = NORMAL');
          db.pragma('foreign_keys = ON');
          if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
          migrate(db, dbPath);
          recovered = recoverInterruptedRuns(db);
        } catch (error) {
          const wrapped = toStoreError(error, 'opening the run database', dbPath);
          // A current database on a write-protected file still serves reads (list, show, compare);
          // every write then throws StoreError 'read-only'. One that needs migrating cannot be used.
          if (!(wrapped instanceof StoreError) || wrapped.code !== 'read-only') throw wrapped;
          if (readSchemaVersion(db) !== SCHEMA_VERSION) {
            throw new StoreError(
              `The run database ${dbPath} needs an upgrade to schema ${SCHEMA_VERSION}, but it is read-only. ` +
                'Make the file and its folder writable once so Trainbench can upgrade it.',
              { code: 'read-only', dbPath },
            );
          }
          readonly = true;
        }
      } else {
        const version = readSchemaVersion(db);
        if (version === 0) {
          throw new StoreError(`The run database ${dbPath} is empty and opened read-only, so it cannot be set up. Open it writable once.`, {
            code: 'read-only',
            dbPath,
          });
        }
      }
      return new RunStore(db, dbPath, { ...options, readonly }, recovered);
    } catch (error) {
      db.close();
      throw toStoreError(error, 'opening the run database', dbPath);
    }
  }

  createRun(input: CreateRunInput): RunSummary {
    return this.guard('creating the run', () => {
      const now = input.startedAt ?? new Date();
      const id = input.id ?? newRunId(now);
      if (!RUN_ID_PATTERN.test(id)) {
        throw new StoreError(`Run id '${id}' is not usable: use letters, digits, '.', '_' or '-' (at most 128, not starting with '.' or '-').`, {
          code: 'unknown',
          runId: id,
        });
      }
      const iso = now.toISOString();
      this.db
        .prepare(
          `INSERT INTO runs (id, name, status, created_at, started_at, updated_at, seed, tags, notes, writer_pid, writer_host,
             writer_token, model_name, spec, settings, dataset_name, dataset_kind, dataset, epochs_planned)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.name ?? `${input.spec.name} ${iso.slice(0, 16).replace('T', ' ')}`,
          new Date().toISOString(),
          iso,
          iso,
          input.seed ?? input.spec.fit.seed,
          JSON.stringify(cleanTags(input.tags ?? [])),
          input.notes ?? '',
          currentWriter().pid,
          currentWriter().host,
          currentWriter().token,
          input.spec.name,
          JSON.stringify(input.spec),
          JSON.stringify(input.settings ?? {}),
          input.dataset?.name ?? '',
          input.dataset?.kind ?? null,
          input.dataset ? JSON.stringify(input.dataset) : null,
          input.epochsPlanned ?? input.spec.fit.epochs,
        );
      return getRunSummary(this.db, id);
    });
  }

  recordEvent(event: TrainingEvent): void {
    this.assertOpen();
    this.writer.record(event);
  }

  flush(): void {
    this.assertOpen();
    this.writer.flush();
  }

  /** Points waiting in memory for the next write (for progress displays and tests). */
  get bufferedPoints(): number {
    return this.writer.bufferedPoints;
  }

  listRuns(query: RunQuery = {}): ListRunsResult {
    return this.guard('listing runs', () => listRuns(this.db, query));
  }

  getRun(id: string): RunDetail {
    return this.guard('reading the run', () => getRunDetail(this.db, id));
  }

  getSeries(request: SeriesRequest): SeriesData[] {
    return this.guard('reading metric series', () => getSeries(this.db, request));
  }

  updateRun(input: UpdateRunInput): RunSummary {
    return this.guard('updating the run', () => {
      getRunRow(this.db, input.id);
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        params.push(value);
      };
      if (input.name !== undefined) set('name', input.name);
      if (input.tags !== undefined) set('tags', JSON.stringify(cleanTags(input.tags)));
      if (input.notes !== undefined) set('notes', input.notes);
      if (sets.length > 0) this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...params, input.id);
      return getRunSummary(this.db, input.id);
    });
  }

  /** Deletes runs with their points and artifact folders. Refuses a run a live process is still training. */
  deleteRuns(ids: string[]): { deleted: number } {
    return this.guard('deleting runs', () => {
      const unique = [...new Set(ids)];
      for (const id of unique) {
        const row = getRunRow(this.db, id);
        if (row.status === 'running' && row.writer_pid !== null && (row.writer_host !== hostname() || isWriterAlive(row.writer_pid, row.writer_token))) {
          throw new StoreError(`Run ${id} is still training (pid ${row.writer_pid} on ${row.writer_host}). Stop it first, then delete it.`, {
            code: 'run-active',
            runId: id,
          });
        }
      }
      const remove = this.db.prepare('DELETE FROM runs WHERE id = ?');
      const deleted = this.db.transaction(() => unique.reduce((n, id) => n + remove.run(id).changes, 0)).immediate();
      this.writer.forgetRuns(unique);
      for (const id of unique) removeRunArtifactDir(this.paths, id);
      return { deleted };
    });
  }

  compareRuns(ids: string[]): CompareResult {
    return this.guard('comparing runs', () => compareRunDetails(ids.map((id) => getRunDetail(this.db, id))));
  }

  artifactDir(runId: string): string {
    return this.guard('creating the artifact folder', () => {
      getRunRow(this.db, runId);
      return runArtifactDir(this.paths, runId, true);
    });
  }

  addArtifact(input: AddArtifactInput): ArtifactRecord {
    return this.guard('recording an artifact', () => {
      getRunRow(this.db, input.runId);
      return addArtifactRow(this.db, this.paths, input);
    });
  }

  listArtifacts(runId: string, kind?: ArtifactRecord['kind']): ArtifactRecord[] {
    return this.guard('listing artifacts', () => {
      getRunRow(this.db, runId);
      return listArtifactRows(this.db, runId, kind);
    });
  }

  recordCheckpoint(input: RecordCheckpointInput): ArtifactRecord {
    return this.guard('recording a checkpoint', () => {
      getRunRow(this.db, input.runId);
      return recordCheckpointRows(this.db, this.paths, input);
    });
  }

  getResumePoint(runId: string): ResumePoint {
    return this.guard('finding where to resume', () => {
      getRunRow(this.db, runId);
      return resumePoint(this.db, runId);
    });
  }

  markResumed(runId: string): RunSummary {
    return this.guard('marking the run resumed', () => {
      const row = getRunRow(this.db, runId);
      if (row.status === 'running') {
        throw new StoreError(`Run ${runId} is already running (pid ${row.writer_pid ?? '?'} on ${row.writer_host ?? '?'}); it cannot be resumed twice.`, {
          code: 'run-active',
          runId,
        });
      }
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', status_reason = NULL, diverged_at = NULL, ended_at = NULL, duration_ms = NULL,
             writer_pid = ?, writer_host = ?, writer_token = ?, updated_at = ?, resumed_count = resumed_count + 1 WHERE id = ?`,
        )
        .run(currentWriter().pid, currentWriter().host, currentWriter().token, new Date().toISOString(), runId);
      return getRunSummary(this.db, runId);
    });
  }

  /** Writes what is buffered, then closes the file. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.off('exit', this.flushAtExit);
    try {
      this.writer.close();
    } finally {
      this.db.close();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`The run store for ${this.dbPath} is closed; open it again.`, { code: 'closed', dbPath: this.dbPath });
  }

  private guard<T>(action: string, fn: () => T): T {
    this.assertOpen();
    try {
      return fn();
    } catch (error) {
      throw toStoreError(error, action, this.dbPath);
    }
  }
}
