// Typed errors of the run store, and the one place that turns SQLite's error codes into
// messages a person can act on (disk full, read-only, locked, not a database).
import { TrainbenchError } from '../../shared/api/api-error';

export type StoreErrorCode =
  | 'disk-full'
  | 'read-only'
  | 'busy'
  | 'corrupt'
  | 'schema-too-new'
  | 'run-active'
  | 'artifact'
  | 'closed'
  | 'io'
  | 'unknown';

export interface StoreErrorDetails {
  code: StoreErrorCode;
  dbPath?: string;
  sqliteCode?: string;
  [key: string]: unknown;
}

/** Anything the store could not do. `details.code` says which kind, for code that wants to branch. */
export class StoreError extends TrainbenchError {
  declare readonly details: StoreErrorDetails;
  constructor(message: string, details: StoreErrorDetails) {
    super('StoreError', message, details);
  }
  get code(): StoreErrorCode {
    return this.details.code;
  }
}

export class RunNotFoundError extends TrainbenchError {
  constructor(runId: string) {
    super('RunNotFoundError', `No run with id '${runId}' in the run database. List runs with 'trainbench runs list'.`, { runId });
  }
}

function sqliteCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Wraps an error thrown by better-sqlite3 while doing `action` (e.g. 'saving metric points').
 * StoreError and RunNotFoundError pass through; anything else becomes one StoreError.
 */
export function toStoreError(error: unknown, action: string, dbPath: string): Error {
  if (error instanceof StoreError || error instanceof RunNotFoundError) return error;
  const sqliteCode = sqliteCodeOf(error);
  const raw = error instanceof Error ? error.message : String(error);
  const base = { dbPath, ...(sqliteCode ? { sqliteCode } : {}) };
  if (sqliteCode === 'SQLITE_FULL' || sqliteCode?.startsWith('SQLITE_IOERR_WRITE') || /disk is full|database or disk is full/i.test(raw)) {
    return new StoreError(
      `The run database is full while ${action} (${dbPath}): the disk or the size limit is reached. ` +
        'Free disk space (or delete old runs with `trainbench runs rm`), then resume the run; what was stored before is intact.',
      { code: 'disk-full', ...base },
    );
  }
  if (sqliteCode?.startsWith('SQLITE_READONLY') || /readonly database/i.test(raw)) {
    return new StoreError(
      `The run database is read-only while ${action} (${dbPath}). ` +
        'Make the file and its folder writable for this user (or point TRAINBENCH_HOME at a writable folder) and try again.',
      { code: 'read-only', ...base },
    );
  }
  if (sqliteCode?.startsWith('SQLITE_BUSY') || sqliteCode?.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      `The run database stayed locked by another process while ${action} (${dbPath}). ` +
        'Another Trainbench may hold a long transaction; wait for it or close it, then try again.',
      { code: 'busy', ...base },
    );
  }
  if (sqliteCode === 'SQLITE_NOTADB' || sqliteCode?.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      `The file ${dbPath} is not a readable Trainbench run database (${raw}) while ${action}. ` +
        'Move it aside (Trainbench then starts a new one) or restore it from a backup.',
      { code: 'corrupt', ...base },
    );
  }
  if (sqliteCode?.startsWith('SQLITE_IOERR') || sqliteCode === 'SQLITE_CANTOPEN') {
    return new StoreError(
      `Could not read or write the run database while ${action} (${dbPath}): ${raw}. ` +
        'Check that the folder exists, is writable and the disk is healthy.',
      { code: 'io', ...base },
    );
  }
  return new StoreError(`The run database failed while ${action} (${dbPath}): ${raw}.`, { code: 'unknown', ...base });
}
