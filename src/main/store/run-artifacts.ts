// Files that belong to a run (weights, checkpoints, exports) live under the data dir's
// artifacts/<run-id>/; the trainer or exporter writes them, and this records each one with its
// size and sha256 so a later reader can tell a file is the one that was written.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type Database from 'better-sqlite3';
import type { ArtifactRecord } from '../../shared/run/run-types';
import type { AddArtifactInput, RecordCheckpointInput, ResumePoint } from './run-repository';
import { StoreError } from './store-errors';

interface ArtifactRow {
  id: number;
  run_id: string;
  kind: ArtifactRecord['kind'];
  path: string;
  bytes: number;
  sha256: string;
  epoch: number | null;
  created_at: string;
  meta: string | null;
}

export interface ArtifactPaths {
  /** Folder that relative artifact paths are relative to (the data dir). */
  dataDir: string;
  artifactsDir: string;
}

function rowToArtifact(row: ArtifactRow): ArtifactRecord {
  const record: ArtifactRecord = {
    id: row.id,
    runId: row.run_id,
    kind: row.kind,
    path: row.path,
    bytes: row.bytes,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
  if (row.epoch !== null) record.epoch = row.epoch;
  if (row.meta) record.meta = JSON.parse(row.meta) as Record<string, unknown>;
  return record;
}

export function listArtifactRows(db: Database.Database, runId: string, kind?: ArtifactRecord['kind']): ArtifactRecord[] {
  const rows = (
    kind
      ? db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY id').all(runId, kind)
      : db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(runId)
  ) as ArtifactRow[];
  return rows.map(rowToArtifact);
}

export function runArtifactDir(paths: ArtifactPaths, runId: string, create: boolean): string {
  const dir = join(paths.artifactsDir, runId);
  if (create) mkdirSync(dir, { recursive: true });
  return dir;
}

export function sha256File(path: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Stored form of a path: relative (with '/') when inside the data dir, absolute otherwise. */
function storedPath(paths: ArtifactPaths, path: string): { absolute: string; stored: string } {
  const absolute = isAbsolute(path) ? path : resolve(paths.dataDir, path);
  const rel = relative(paths.dataDir, absolute);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return { absolute, stored: inside ? rel.split(sep).join('/') : absolute };
}

export function absoluteArtifactPath(paths: ArtifactPaths, record: Pick<ArtifactRecord, 'path'>): string {
  return isAbsolute(record.path) ? record.path : join(paths.dataDir, record.path);
}

export function addArtifactRow(db: Database.Database, paths: ArtifactPaths, input: AddArtifactInput): ArtifactRecord {
  const { absolute, stored } = storedPath(paths, input.path);
  let info: { bytes: number; sha256: string };
  try {
    if (!statSync(absolute).isFile()) throw new Error('not a regular file');
    info = sha256File(absolute);
  } catch (error) {
    throw new StoreError(
      `Cannot record artifact ${absolute} for run ${input.runId}: ${(error as Error).message}. Write the file first, then record it.`,
      { code: 'artifact', path: absolute },
    );
  }
  const result = db
    .prepare('INSERT INTO artifacts (run_id, kind, path, bytes, sha256, epoch, created_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(input.runId, input.kind, stored, info.bytes, info.sha256, input.epoch ?? null, new Date().toISOString(), input.meta ? JSON.stringify(input.meta) : null);
  return rowToArtifact(db.prepare('SELECT * FROM artifacts WHERE id = ?').get(result.lastInsertRowid) as ArtifactRow);
}

function mainCheckpoints(db: Database.Database, runId: string): ArtifactRecord[] {
  return listArtifactRows(db, runId, 'checkpoint').filter((a) => a.meta?.checkpointOf === undefined);
}

function removeCheckpoint(db: Database.Database, paths: ArtifactPaths, main: ArtifactRecord, keep: Set<string>): void {
  const parts = listArtifactRows(db, main.runId, 'checkpoint').filter((a) => a.id === main.id || a.meta?.checkpointOf === main.id);
  for (const part of parts) {
    db.prepare('DELETE FROM artifacts WHERE id = ?').run(part.id);
    const file = absoluteArtifactPath(paths, part);
    if (!keep.has(file)) rmSync(file, { force: true });
  }
}

/**
 * Records a checkpoint the trainer wrote. With policy 'best' and a metric, only the best one is
 * kept: a better one replaces the old rows and files; a worse one is deleted and the kept record returned.
 */
export function recordCheckpointRows(db: Database.Database, paths: ArtifactPaths, input: RecordCheckpointInput): ArtifactRecord {
  const files = [input.path, ...(input.extraPaths ?? [])].map((p) => storedPath(paths, p).absolute);
  const keep = new Set(files);
  const meta: Record<string, unknown> = { step: input.step, policy: input.policy };
  if (input.metric) meta.metric = input.metric;
  return db.transaction(() => {
    if (input.policy === 'best') {
      const current = mainCheckpoints(db, input.runId).filter((a) => a.meta?.policy === 'best');
      const metric = input.metric;
      const currentBest = current[current.length - 1];
      const old = currentBest?.meta?.metric as { name: string; value: number } | undefined;
      if (metric && currentBest && old && old.name === metric.name) {
        const better = metric.mode === 'max' ? metric.value > old.value : metric.value < old.value;
        if (!better) {
          const kept = new Set(listArtifactRows(db, input.runId, 'checkpoint').map((a) => absoluteArtifactPath(paths, a)));
          for (const file of files) if (!kept.has(file)) rmSync(file, { force: true });
          return currentBest;
        }
      }
      for (const c of current) removeCheckpoint(db, paths, c, keep);
    }
    const main = addArtifactRow(db, paths, { runId: input.runId, kind: 'checkpoint', path: input.path, epoch: input.epoch, meta });
    for (const extra of input.extraPaths ?? []) {
      addArtifactRow(db, paths, { runId: input.runId, kind: 'checkpoint', path: extra, epoch: input.epoch, meta: { checkpointOf: main.id } });
    }
    return main;
  })();
}

export function resumePoint(db: Database.Database, runId: string): ResumePoint {
  const checkpoints = mainCheckpoints(db, runId).sort((a, b) => (b.epoch ?? -1) - (a.epoch ?? -1) || b.id - a.id);
  const checkpoint = checkpoints[0] ?? null;
  const lastRecordedStep = (db
    .prepare('SELECT MAX(p.step) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.run_id = ?')
    .pluck()
    .get(runId) as number | null) ?? -1;
  if (checkpoint && typeof checkpoint.meta?.step === 'number') {
    return { runId, lastEpoch: checkpoint.epoch ?? -1, lastStep: checkpoint.meta.step, lastRecordedStep, checkpoint };
  }
  const lastEpochRow = db
    .prepare(
      `SELECT p.epoch, p.step FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.run_id = ? AND s.scope = 'epoch' ORDER BY p.epoch DESC, p.step DESC LIMIT 1`,
    )
    .get(runId) as { epoch: number; step: number } | undefined;
  return { runId, lastEpoch: lastEpochRow?.epoch ?? -1, lastStep: lastEpochRow?.step ?? -1, lastRecordedStep, checkpoint };
}

export function removeRunArtifactDir(paths: ArtifactPaths, runId: string): void {
  rmSync(runArtifactDir(paths, runId, false), { recursive: true, force: true });
}
