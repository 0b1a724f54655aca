// `trainbench import <bundle>`: reads a .tbrun and enters the run into this database under the
// same id, through the store's public API: the run row, then the trainer's events replayed from
// the stored points (so every derived column is computed as for a live run), then its files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { SeriesData } from '../../shared/api/channels/runs-channels';
import type { RunDetail } from '../../shared/run/run-types';
import type { TrainingEvent } from '../../shared/training/training-events';
import type { RunRepository } from '../store/run-repository';
import { ExportError } from './export-errors';
import { BUNDLE_FORMAT, BUNDLE_VERSION, sha256Hex, type BundleContents, type BundleManifest } from './run-bundle';
import { artifactAbsolutePath } from './trained-run';

export interface ImportResult {
  runId: string;
  name: string;
  /** True when --force replaced a run with the same id. */
  replaced: boolean;
  points: number;
  files: number;
}

function bad(file: string, why: string): never {
  throw new ExportError(`${file} is not a usable Trainbench run bundle: ${why}. Make it again with 'trainbench export <run-id> --format bundle'.`, {
    code: 'bundle',
    path: file,
  });
}

/** Reads and checks a bundle: format, version, and every file against its sha256. */
export function decodeBundle(bytes: Uint8Array, file: string): BundleContents {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    bad(file, `it is not a zip archive (${(error as Error).message})`);
  }
  const json = <T>(name: string): T => {
    const entry = entries[name];
    if (!entry) bad(file, `${name} is missing`);
    try {
      return JSON.parse(strFromU8(entry)) as T;
    } catch {
      bad(file, `${name} is not valid JSON`);
    }
  };
  const manifest = json<BundleManifest>('manifest.json');
  const format: unknown = manifest.format;
  if (format !== BUNDLE_FORMAT) bad(file, `its format is '${String(format)}', not '${BUNDLE_FORMAT}'`);
  if (manifest.version > BUNDLE_VERSION) {
    throw new ExportError(`${file} was written by a newer Trainbench (bundle version ${manifest.version}; this one reads up to ${BUNDLE_VERSION}). Update Trainbench to import it.`, {
      code: 'bundle',
      path: file,
    });
  }
  const run = json<RunDetail>('run.json');
  if (run.id !== manifest.runId) bad(file, `run.json holds run ${run.id} but the manifest says ${manifest.runId}`);
  const series = json<SeriesData[]>('series.json').map((s) => ({ ...s, value: s.value.map((v) => (v === null ? NaN : v)) }));
  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const data = entries[`files/${f.path}`];
    if (!data) bad(file, `files/${f.path} is missing`);
    if (f.path.split('/').some((part) => part === '..' || part === '') || f.path.startsWith('/')) bad(file, `file path '${f.path}' leaves the run folder`);
    if (sha256Hex(data) !== f.sha256) bad(file, `files/${f.path} is damaged (its sha256 differs from the manifest)`);
    files.set(f.path, data);
  }
  return { manifest, run, series, files };
}

/** The trainer's events that, recorded, rebuild the run's points and summary columns. */
export function replayEvents(run: RunDetail, series: SeriesData[]): TrainingEvent[] {
  const runId = run.id;
  const events: TrainingEvent[] = [];
  const batchSteps = new Map<number, { epoch: number; values: Record<string, number> }>();
  const epochs = new Map<number, { step: number; logs: Record<string, number> }>();
  for (const s of series) {
    for (let i = 0; i < s.value.length; i++) {
      const step = s.step[i] as number;
      const epoch = s.epoch[i] as number;
      const value = s.value[i] as number;
      if (s.scope === 'batch') {
        const entry = batchSteps.get(step) ?? { epoch, values: {} };
        entry.values[s.name] = value;
        batchSteps.set(step, entry);
      } else {
        const entry = epochs.get(epoch) ?? { step, logs: {} };
        entry.logs[s.name] = value;
        entry.step = Math.max(entry.step, step);
        epochs.set(epoch, entry);
      }
    }
  }
  const speed = run.samplesPerSecond ?? NaN;
  const perEpoch = new Map<number, number>();
  for (const { epoch } of batchSteps.values()) perEpoch.set(epoch, (perEpoch.get(epoch) ?? 0) + 1);
  if (run.environment) {
    events.push({
      type: 'started',
      runId,
      environment: run.environment,
      dataset: run.dataset,
      specHash: '',
      datasetHash: '',
      epochs: run.epochsPlanned,
      batchesPerEpoch: Math.max(0, ...perEpoch.values()),
      firstStep: 0,
      firstEpoch: 0,
    });
  }
  const batchIndex = new Map<number, number>();
  const steps = [...batchSteps.keys()].sort((a, b) => a - b);
  const epochOrder = [...epochs.keys()].sort((a, b) => a - b);
  let e = 0;
  const flushEpochsBefore = (step: number): void => {
    while (e < epochOrder.length && (epochs.get(epochOrder[e] as number)?.step ?? 0) < step) {
      const epoch = epochOrder[e++] as number;
      const entry = epochs.get(epoch)!;
      events.push({ type: 'epoch', runId, epoch, step: entry.step, logs: entry.logs, samplesPerSecond: speed, durationMs: 0 });
    }
  };
  for (const step of steps) {
    flushEpochsBefore(step);
    const { epoch, values } = batchSteps.get(step)!;
    const batch = batchIndex.get(epoch) ?? 0;
    batchIndex.set(epoch, batch + 1);
    const { loss = NaN, ...metrics } = values;
    events.push({ type: 'batch', runId, epoch, batch, step, loss, metrics, samplesPerSecond: speed, etaSeconds: 0 });
  }
  flushEpochsBefore(Infinity);
  if (run.evaluation) events.push({ type: 'evaluation', runId, evaluation: run.evaluation });
  events.push(
    run.status === 'running'
      ? { type: 'ended', runId, status: 'interrupted', reason: 'Bundled while it was still running; imported as interrupted.' }
      : { type: 'ended', runId, status: run.status, reason: run.statusReason },
  );
  return events;
}

function runExists(store: Pick<RunRepository, 'getRun'>, id: string): RunDetail | null {
  try {
    return store.getRun(id);
  } catch (error) {
    if ((error as Error).name === 'RunNotFoundError') return null;
    throw error;
  }
}

export interface ImportDeps {
  store: RunRepository;
  artifactsDir: string;
}

/** Imports the bundle at `file`; refuses a run id already in the database unless `force`. */
export function importBundle(deps: ImportDeps, file: string, force = false): ImportResult {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new ExportError(`Cannot read the bundle ${file}: ${(error as Error).message}.`, { code: 'io', path: file });
  }
  const { run, series, files } = decodeBundle(bytes, file);
  const { store } = deps;
  const existing = runExists(store, run.id);
  if (existing && !force) {
    throw new ExportError(
      `Run ${run.id} ('${existing.name}') is already in this database. ` +
        `Pass --force to replace it with the bundle's copy, or delete it first with 'trainbench runs rm ${run.id}'.`,
      { code: 'run-exists', runId: run.id },
    );
  }
  if (existing) store.deleteRuns([run.id]);

  store.createRun({
    id: run.id,
    name: run.name,
    spec: run.spec,
    seed: run.seed,
    tags: run.tags,
    notes: run.notes,
    dataset: run.dataset,
    epochsPlanned: run.epochsPlanned,
    startedAt: new Date(run.startedAt),
  });
  try {
    for (const event of replayEvents(run, series)) store.recordEvent(event);
    store.flush();

    const runDir = store.artifactDir(run.id);
    for (const [path, data] of files) {
      const target = join(runDir, ...path.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    recordArtifacts(deps, run, runDir, new Set(files.keys()));
  } catch (error) {
    // Leave no half run behind: the import either lands whole or not at all.
    store.deleteRuns([run.id]);
    throw error;
  }
  return { runId: run.id, name: run.name, replaced: existing !== null, points: series.reduce((n, s) => n + s.value.length, 0), files: files.size };
}

/** Re-records the source run's artifacts (ids are new) for the files that came with the bundle. */
function recordArtifacts(deps: ImportDeps, run: RunDetail, runDir: string, present: Set<string>): void {
  const sourceRunDir = join(deps.artifactsDir, run.id);
  const inBundle = (record: RunDetail['artifacts'][number]): string | null => {
    const abs = artifactAbsolutePath(deps.artifactsDir, record);
    // Stored paths look like artifacts/<id>/model/weights.bin: what follows the run folder is the bundle path.
    const marker = `/${run.id}/`;
    const normalized = abs.split('\\').join('/');
    const at = normalized.lastIndexOf(marker);
    const rel = at >= 0 ? normalized.slice(at + marker.length) : abs.startsWith(sourceRunDir) ? abs.slice(sourceRunDir.length + 1) : null;
    return rel && present.has(rel) ? rel : null;
  };
  const local = (rel: string): string => join(runDir, ...rel.split('/'));
  const mains = run.artifacts.filter((a) => a.kind === 'checkpoint' && a.meta?.checkpointOf === undefined);
  for (const main of mains) {
    const rel = inBundle(main);
    if (!rel) continue;
    const parts = run.artifacts.filter((a) => a.meta?.checkpointOf === main.id).map(inBundle).filter((p): p is string => p !== null);
    const metric = main.meta?.metric as { name: string; value: number; mode: 'min' | 'max' } | undefined;
    deps.store.recordCheckpoint({
      runId: run.id,
      path: local(rel),
      epoch: main.epoch ?? 0,
      step: typeof main.meta?.step === 'number' ? main.meta.step : -1,
      policy: main.meta?.policy === 'best' ? 'best' : 'every',
      ...(metric ? { metric } : {}),
      extraPaths: parts.map(local),
    });
  }
  for (const a of run.artifacts) {
    if (a.kind === 'checkpoint' || a.kind === 'export') continue;
    const rel = inBundle(a);
    if (!rel) continue;
    deps.store.addArtifact({ runId: run.id, kind: a.kind, path: local(rel), ...(a.epoch !== undefined ? { epoch: a.epoch } : {}), ...(a.meta ? { meta: a.meta } : {}) });
  }
}
