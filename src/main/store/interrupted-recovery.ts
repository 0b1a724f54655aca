// Finds runs a dead process left 'running' (killed, crashed, power loss) and marks them
// 'interrupted' at open, so the list never shows a run as live that nothing is training.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';

/** Who is writing: kept with the run so a later open can tell whether that process still lives. */
export interface WriterIdentity {
  pid: number;
  host: string;
  /** Linux: '<boot id>:<process start time>'; tells a reused pid (or a reboot) from the writer. Null elsewhere. */
  token: string | null;
}

/** The identity token of a live process, or null where the platform cannot say (non-Linux, gone). */
export function processToken(pid: number): string | null {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) may hold spaces and parentheses: count fields after its closing ')'.
    const starttime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return starttime ? `${bootId}:${starttime}` : null;
  } catch {
    return null;
  }
}

let self: WriterIdentity | null = null;
export function currentWriter(): WriterIdentity {
  self ??= { pid: process.pid, host: hostname(), token: processToken(process.pid) };
  return self;
}

/** True when a process with this pid exists on this machine (EPERM: exists, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process with this pid lives and, where a token was kept, is the same process that wrote. */
export function isWriterAlive(pid: number | null, token: string | null): boolean {
  if (pid === null || !isProcessAlive(pid)) return false;
  if (token === null) return true;
  const now = processToken(pid);
  return now === null || now === token;
}

/**
 * Marks as 'interrupted' every 'running' run whose writer ran on this host and is gone.
 * Runs written from another host are left alone: their process cannot be checked from here.
 * Returns the ids it marked. The ended time is the last write the dead process made.
 */
export function recoverInterruptedRuns(db: Database.Database, host: string = hostname()): string[] {
  const candidates = db
    .prepare("SELECT id, writer_pid, writer_host, writer_token, last_step FROM runs WHERE status = 'running'")
    .all() as { id: string; writer_pid: number | null; writer_host: string | null; writer_token: string | null; last_step: number | null }[];
  const dead = candidates.filter((r) => r.writer_host === host && !isWriterAlive(r.writer_pid, r.writer_token));
  if (dead.length === 0) return [];
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', status_reason = ?, ended_at = updated_at,
       duration_ms = CAST(ROUND((julianday(updated_at) - julianday(started_at)) * 86400000) AS INTEGER)
     WHERE id = ? AND status = 'running'`,
  );
  db.transaction(() => {
    for (const run of dead) {
      const kept = run.last_step === null ? 'no batch had been saved' : `points up to step ${run.last_step} were kept`;
      mark.run(
        `The process training it (pid ${run.writer_pid ?? '?'} on ${host}) ended without finishing the run; ${kept}. ` +
          'Resume it (same run, continuous steps) or delete it.',
        run.id,
      );
    }
  }).immediate();
  return dead.map((r) => r.id);
}
