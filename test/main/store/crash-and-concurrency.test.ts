// Real processes against one real SQLite file: a writer killed with SIGKILL mid-epoch, and two
// trainings writing at the same time. The children run fixtures/write-points.ts through tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempHome, openStore, type TempHome } from './store-test-helpers';

const FIXTURE = fileURLToPath(new URL('./fixtures/write-points.ts', import.meta.url));

function startWriter(home: TempHome, args: Record<string, unknown>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify({ dbPath: home.dbPath, artifactsDir: home.artifactsDir, ...args })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { out: () => out, err: () => err };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

function batchSteps(dbPath: string, runId: string): number[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.step FROM metric_points p JOIN metric_series s ON s.id = p.series_id
         WHERE s.run_id = ? AND s.scope = 'batch' AND s.name = 'loss' ORDER BY p.step`,
      )
      .pluck()
      .all(runId) as number[];
  } finally {
    db.close();
  }
}

let home: TempHome;
afterEach(() => home?.cleanup());

describe('a writer killed with SIGKILL', () => {
  it('leaves the run interrupted with every flushed point and a sound file', async () => {
    home = makeTempHome();
    const child = startWriter(home, { runId: 'killed-run', mode: 'loop', batches: 0, batchesPerEpoch: 1000, flushEvery: 50 });
    const output = collect(child);
    const done = exited(child);
    // Wait until it has flushed past step 300: mid-epoch (epochs are 1000 batches long).
    let lastFlushed = -1;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never flushed: ${output.err()}`)), 60_000);
      child.stdout!.on('data', () => {
        const matches = [...output.out().matchAll(/flushed (\d+)/g)];
        lastFlushed = Number(matches[matches.length - 1]?.[1] ?? -1);
        if (lastFlushed >= 300) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGKILL');
    const { signal } = await done;
    expect(signal).toBe('SIGKILL');
    const flushedAtKill = Math.max(...[...output.out().matchAll(/flushed (\d+)/g)].map((m) => Number(m[1])));

    const store = openStore(home);
    try {
      expect(store.recoveredRunIds).toEqual(['killed-run']);
      const run = store.getRun('killed-run');
      expect(run.status).toBe('interrupted');
      expect(run.statusReason).toMatch(/ended without finishing/);
      expect(run.endedAt).not.toBeNull();
      const steps = batchSteps(home.dbPath, 'killed-run');
      // Every batch up to the last flush the child reported, contiguous from 0, nothing invented.
      expect(steps.length).toBeGreaterThanOrEqual(flushedAtKill + 1);
      expect(steps.every((s, i) => s === i)).toBe(true);
      expect(run.epochsDone).toBe(0);
    } finally {
      store.close();
    }
    const db = new Database(home.dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    // Opening again finds nothing more to recover.
    const again = openStore(home);
    expect(again.recoveredRunIds).toEqual([]);
    expect(again.getRun('killed-run').status).toBe('interrupted');
    again.close();
  });
});

describe('a writer that calls process.exit() without closing', () => {
  it('still writes the batches it had buffered', async () => {
    home = makeTempHome();
    const child = startWriter(home, { runId: 'exited', mode: 'exit', batches: 37, batchesPerEpoch: 100, flushEvery: 0 });
    const output = collect(child);
    const { code } = await exited(child);
    expect({ code, err: output.err() }).toEqual({ code: 0, err: '' });
    expect(output.out()).toContain('buffered 37');
    expect(batchSteps(home.dbPath, 'exited')).toEqual(Array.from({ length: 37 }, (_, i) => i));
  });
});

describe('two trainings writing to one database', () => {
  it('both finish with all their points', async () => {
    home = makeTempHome();
    // No database yet: the two children also race to create and migrate it.
    const batches = 3000;
    const goFile = join(home.home, 'go');
    const a = startWriter(home, { runId: 'writer-a', mode: 'finite', batches, batchesPerEpoch: 500, flushEvery: 0, goFile });
    const b = startWriter(home, { runId: 'writer-b', mode: 'finite', batches, batchesPerEpoch: 500, flushEvery: 0, goFile });
    const outA = collect(a);
    const outB = collect(b);
    // Start barrier: both have opened the store and created their run before either writes a point.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`children not ready: ${outA.err()} ${outB.err()}`)), 60_000);
      const check = () => {
        if (outA.out().includes('ready') && outB.out().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      a.stdout!.on('data', check);
      b.stdout!.on('data', check);
    });
    writeFileSync(goFile, '');
    const [ra, rb] = await Promise.all([exited(a), exited(b)]);
    expect({ code: ra.code, err: outA.err() }).toEqual({ code: 0, err: '' });
    expect({ code: rb.code, err: outB.err() }).toEqual({ code: 0, err: '' });

    const store = openStore(home);
    try {
      for (const id of ['writer-a', 'writer-b']) {
        const run = store.getRun(id);
        expect(run.status).toBe('finished');
        expect(run.epochsDone).toBe(batches / 500);
        const [loss, accuracy] = store.getSeries({ runId: id, names: ['loss', 'accuracy'], scope: 'batch' });
        expect(loss!.step).toEqual(Array.from({ length: batches }, (_, i) => i));
        expect(accuracy!.value.length).toBe(batches);
      }
      expect(store.listRuns().total).toBe(2);
      // They really overlapped: each run existed before the other ended.
      const [runA, runB] = [store.getRun('writer-a'), store.getRun('writer-b')];
      expect(runA.startedAt < runB.endedAt! && runB.startedAt < runA.endedAt!).toBe(true);
    } finally {
      store.close();
    }
  });
});
