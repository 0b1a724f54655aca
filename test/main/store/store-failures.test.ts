// Failure paths on real files: a full database (PRAGMA max_page_count as the quota), a read-only
// database (opened { readonly: true }, and a 0444 file opened by an unprivileged child process,
// because root ignores file modes), and a database from a newer Trainbench.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/main/store/store-errors';
import { SCHEMA_VERSION } from '../../../src/main/store/schema-migrations';
import { lossAt, makeTempHome, openStore, recordAll, sampleSpec, scriptedRun, thrownBy, type TempHome } from './store-test-helpers';

let home: TempHome;
afterEach(() => home?.cleanup());

function pointCount(dbPath: string, runId: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT COUNT(*) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.run_id = ?')
      .pluck()
      .get(runId) as number;
  } finally {
    db.close();
  }
}

function integrity(dbPath: string): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

describe('a full database', () => {
  it('gives one clear StoreError, lets training stop, and keeps what was stored', () => {
    home = makeTempHome();
    const setup = openStore(home);
    setup.createRun({ id: 'done-run', spec: sampleSpec() });
    recordAll(setup, scriptedRun({ runId: 'done-run', epochs: 2, batchesPerEpoch: 50 }));
    setup.close();
    const storedBefore = pointCount(home.dbPath, 'done-run');
    const raw = new Database(home.dbPath);
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();

    const fatal: StoreError[] = [];
    const store = openStore(home, { maxPageCount: pages + 4, onFatal: (e) => fatal.push(e), maxBufferedPoints: 200 });
    store.createRun({ id: 'big-run', spec: sampleSpec() });
    let thrown: unknown = null;
    let step = 0;
    for (; step < 200_000 && thrown === null; step++) {
      try {
        store.recordEvent({ type: 'batch', runId: 'big-run', epoch: 0, batch: step, step, loss: lossAt(step), metrics: { accuracy: 0.5 }, samplesPerSecond: 1, etaSeconds: 1 });
      } catch (error) {
        thrown = error;
      }
    }
    expect(thrown).toBeInstanceOf(StoreError);
    const error = thrown as StoreError;
    expect(error.name).toBe('StoreError');
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/full.*Free disk space/s);
    expect(fatal).toEqual([error]);
    // Training stops: the next event throws the same error instead of piling up in memory.
    expect(() => store.recordEvent({ type: 'batch', runId: 'big-run', epoch: 0, batch: step, step, loss: 1, metrics: {}, samplesPerSecond: 1, etaSeconds: 1 })).toThrow(error);
    expect(store.bufferedPoints).toBe(0);
    // The final status is still attempted (one small UPDATE); it may or may not fit.
    try {
      store.recordEvent({ type: 'ended', runId: 'big-run', status: 'failed', reason: error.message });
    } catch (e) {
      expect((e as StoreError).code).toBe('disk-full');
    }
    store.close();

    expect(integrity(home.dbPath)).toBe('ok');
    expect(pointCount(home.dbPath, 'done-run')).toBe(storedBefore);
    const after = openStore(home);
    expect(after.getRun('done-run').status).toBe('finished');
    const big = after.getRun('big-run');
    // Whatever was committed for big-run is contiguous from step 0.
    const [loss] = after.getSeries({ runId: 'big-run', names: ['loss'], scope: 'batch' });
    expect(loss!.step.every((s, i) => s === i)).toBe(true);
    expect(['failed', 'running', 'interrupted']).toContain(big.status);
    after.close();
  });
});

describe('a read-only database', () => {
  function seed(): void {
    const store = openStore(home);
    store.createRun({ id: 'kept-run', spec: sampleSpec() });
    recordAll(store, scriptedRun({ runId: 'kept-run', epochs: 1, batchesPerEpoch: 20 }));
    store.close();
  }

  it('opened { readonly: true } reads, and every write is a StoreError read-only', () => {
    home = makeTempHome();
    seed();
    const hashBefore = createHash('sha256').update(readFileSync(home.dbPath)).digest('hex');
    const store = openStore(home, { readonly: true });
    expect(store.readonly).toBe(true);
    expect(store.listRuns().total).toBe(1);
    expect(store.getRun('kept-run').status).toBe('finished');
    const refused = thrownBy(() => store.createRun({ id: 'new-run', spec: sampleSpec() }));
    expect(refused.name).toBe('StoreError');
    expect(refused.details?.code).toBe('read-only');
    expect(refused.message).toMatch(/read-only.*writable/s);
    expect(() => store.updateRun({ id: 'kept-run', notes: 'x' })).toThrow(StoreError);
    // A batch only buffers; its write (flush) is where read-only shows.
    store.recordEvent({ type: 'batch', runId: 'kept-run', epoch: 1, batch: 0, step: 20, loss: 1, metrics: {}, samplesPerSecond: 1, etaSeconds: 1 });
    let error: unknown;
    try {
      store.flush();
    } catch (e) {
      error = e;
    }
    expect((error as StoreError).code).toBe('read-only');
    store.close();
    expect(createHash('sha256').update(readFileSync(home.dbPath)).digest('hex')).toBe(hashBefore);
    expect(pointCount(home.dbPath, 'kept-run')).toBeGreaterThan(0);
  });

  // Root writes through file modes, so the child drops to 'nobody' when we are root.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const FIXTURE = fileURLToPath(new URL('./fixtures/try-write.ts', import.meta.url));
  function tryWrite(): Record<string, unknown> {
    const result = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify({ dbPath: home.dbPath, artifactsDir: home.artifactsDir })], {
      ...asUser,
      encoding: 'utf8',
      env: { ...process.env, HOME: '/tmp' },
    });
    expect(result.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  }

  it('a 0444 file in a writable folder opens for reading and refuses writes', () => {
    home = makeTempHome();
    seed();
    chmodSync(home.dbPath, 0o444);
    chmodSync(home.home, 0o777);
    const result = tryWrite();
    expect(result.opened).toBe(true);
    expect(result.total).toBe(1);
    expect(result.write).toMatchObject({ name: 'StoreError', code: 'read-only' });
    expect(integrity(home.dbPath)).toBe('ok');
  });

  it('a 0444 file in a read-only folder is refused at open with the fix', () => {
    home = makeTempHome();
    seed();
    chmodSync(home.dbPath, 0o444);
    chmodSync(home.home, 0o555);
    const result = tryWrite();
    chmodSync(home.home, 0o755);
    expect(result.opened).toBe(false);
    expect(result.openError).toMatchObject({ name: 'StoreError', code: 'read-only' });
    expect((result.openError as { message: string }).message).toMatch(/writable/);
  });
});

describe('schema versions', () => {
  it('records the current version in a new database', () => {
    home = makeTempHome();
    openStore(home).close();
    const db = new Database(home.dbPath, { readonly: true });
    expect(db.prepare('SELECT MAX(version) FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database from a newer Trainbench and leaves it byte for byte', () => {
    home = makeTempHome();
    openStore(home).close();
    const db = new Database(home.dbPath);
    db.pragma('journal_mode = DELETE');
    db.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (?, 'from the future', '2030-01-01')").run(SCHEMA_VERSION + 1);
    db.close();
    const before = readFileSync(home.dbPath);
    let error: unknown;
    try {
      openStore(home);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('schema-too-new');
    expect((error as Error).message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    expect((error as Error).message).toMatch(/Upgrade Trainbench/);
    expect(readFileSync(home.dbPath).equals(before)).toBe(true);
  });

  it('refuses an SQLite file that is not a run database', () => {
    home = makeTempHome();
    const db = new Database(home.dbPath);
    db.exec('CREATE TABLE other (x)');
    db.close();
    expect(() => openStore(home)).toThrow(/not a Trainbench run database/);
  });
});
