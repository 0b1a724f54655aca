// The run database's schema as an ordered list of migrations, and the check that runs first at
// open: a database written by a newer Trainbench is refused before anything in it is touched.
import type Database from 'better-sqlite3';
import { StoreError } from './store-errors';

interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Append only: never edit a migration that has shipped; add the next version instead. */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'runs, metric series and points, evaluations, artifacts',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','finished','stopped','interrupted','diverged','failed')),
        status_reason TEXT,
        diverged_at TEXT,                      -- JSON {epoch, batch, step}
        created_at TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        updated_at TEXT NOT NULL,
        duration_ms INTEGER,
        seed INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',       -- JSON array of strings
        notes TEXT NOT NULL DEFAULT '',
        writer_pid INTEGER,
        writer_host TEXT,
        writer_token TEXT,                     -- boot id + process start time (Linux), against pid reuse
        model_name TEXT NOT NULL,
        spec TEXT NOT NULL,                    -- JSON ModelSpec (layers, compile, fit)
        spec_hash TEXT,
        settings TEXT NOT NULL DEFAULT '{}',   -- JSON training options (backend asked, checkpoints ...)
        dataset_name TEXT NOT NULL DEFAULT '',
        dataset_kind TEXT,
        dataset TEXT,                          -- JSON DatasetDescriptor (normalization included)
        dataset_hash TEXT,
        environment TEXT,                      -- JSON Environment
        backend TEXT,
        gpu INTEGER NOT NULL DEFAULT 0,
        epochs_planned INTEGER NOT NULL DEFAULT 0,
        epochs_done INTEGER NOT NULL DEFAULT 0,
        batches_per_epoch INTEGER,
        last_step INTEGER,
        samples_per_second REAL,
        best_metric_name TEXT,
        best_metric_value REAL,
        resumed_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_started_at ON runs (started_at);
      CREATE INDEX runs_name ON runs (name COLLATE NOCASE);
      CREATE INDEX runs_best_metric ON runs (best_metric_value);
      CREATE INDEX runs_status ON runs (status, started_at);
      CREATE INDEX runs_model_name ON runs (model_name COLLATE NOCASE);
      CREATE INDEX runs_dataset_name ON runs (dataset_name COLLATE NOCASE);

      -- One row per (run, scope, name): points refer to it by a small integer, which keeps
      -- metric_points narrow and a series one contiguous range of its primary key.
      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('batch','epoch')),
        name TEXT NOT NULL,
        UNIQUE (run_id, scope, name)
      );
      CREATE TABLE metric_points (
        series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        value REAL,                            -- NULL stands for NaN/Infinity (kept as a gap)
        PRIMARY KEY (series_id, step)
      ) WITHOUT ROWID;

      CREATE TABLE evaluations (
        run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        loss REAL,
        metrics TEXT NOT NULL,                 -- JSON record
        confusion_matrix TEXT,                 -- JSON number[][]
        per_class_accuracy TEXT,
        class_names TEXT,
        created_at TEXT NOT NULL
      );

      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('checkpoint','weights','export','samples')),
        path TEXT NOT NULL,                    -- relative to the data dir when inside it
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        epoch INTEGER,
        created_at TEXT NOT NULL,
        meta TEXT                              -- JSON
      );
      CREATE INDEX artifacts_run ON artifacts (run_id, kind);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The version recorded in the file, 0 for a new (empty) database. Reads only. */
export function readSchemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) {
    const anyTable = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 1").get() as { name: string } | undefined;
    if (anyTable) return -1; // tables but no schema_version: some other application's database
    return 0;
  }
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Throws a StoreError, touching nothing, when the file is newer than this build or not ours. */
export function assertSchemaSupported(version: number, dbPath: string): void {
  if (version === -1) {
    throw new StoreError(
      `${dbPath} is an SQLite database but not a Trainbench run database (it has no schema_version table). ` +
        'Point TRAINBENCH_HOME at another folder or move the file aside; it was left untouched.',
      { code: 'corrupt', dbPath },
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `The run database ${dbPath} was written by a newer Trainbench (schema version ${version}; this build knows up to ${SCHEMA_VERSION}). ` +
        'It was left untouched. Upgrade Trainbench, or use another data folder (TRAINBENCH_HOME) with this version.',
      { code: 'schema-too-new', dbPath, fileVersion: version, knownVersion: SCHEMA_VERSION },
    );
  }
}

/** Applies every migration above the file's version, each in its own transaction. Returns the versions applied. */
export function migrate(db: Database.Database, dbPath: string): number[] {
  const current = readSchemaVersion(db);
  assertSchemaSupported(current, dbPath);
  const applied: number[] = [];
  if (current === 0) {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      // Re-check inside the write lock: another process may have migrated meanwhile.
      const now = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
      if (now >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      );
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
