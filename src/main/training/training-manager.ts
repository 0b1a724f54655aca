// Starts, stops and resumes training runs, one worker thread each. Checks the model and the
// data's fit before anything is recorded (a bad request is an error with its fix, not a failed
// run), pipes every event into the store and to listeners, and turns a crashed worker or a store
// that can no longer write (disk full, read-only) into a cleanly ended run with the reason.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { TrainbenchError, type ErrorPayload } from '../../shared/api/api-error';
import { trainingOptionsSchema, type TrainingOptions } from '../../shared/api/channels/training-channels';
import type { DatasetOptions, DatasetSource } from '../../shared/dataset/dataset-source';
import type { ModelSpec } from '../../shared/spec/model-spec';
import { resolveModel } from '../../shared/spec/resolve-model';
import type { RunEndedEvent, TrainingEvent } from '../../shared/training/training-events';
import { appVersion } from '../app/app-version';
import { checkDatasetFits, checkLossFits, DatasetError, inspectDataset } from '../datasets';
import type { DataPaths } from '../paths/data-paths';
import type { RunRepository } from '../store/run-repository';
import { StoreError } from '../store/store-errors';
import { outputUnitsOf, checkLabelsFit } from './label-fit';
import { STOP_INDEX, type MainToWorker, type ResumeFrom, type StoredJob, type TrainingJob, type WorkerToMain } from './training-job';
import { spawnTrainingWorker } from './worker-entry';

export interface StartTrainingRequest {
  spec: ModelSpec;
  dataset: DatasetSource;
  datasetOptions?: DatasetOptions;
  options?: TrainingOptions;
}

export type TrainingListener = (event: TrainingEvent) => void;

interface ActiveRun {
  runId: string;
  worker: Worker;
  stopFlag: Int32Array;
  /** Set when the manager (not the user) stops the run, e.g. the store cannot write: replaces the ended reason. */
  stopReason: string | null;
  /** How the store keeps this run's checkpoints. */
  policy: 'every' | 'best';
  ended: boolean;
  done: Promise<RunEndedEvent>;
  resolveDone: (e: RunEndedEvent) => void;
}

const JOB_FILE = 'job.json';

function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function errorFromPayload(e: ErrorPayload): Error {
  return new TrainbenchError(e.name, e.message, e.details);
}

export interface TrainingManagerDeps {
  store: RunRepository;
  /** The data dir's paths; run files go where the store says (artifactDir), so this is informational. */
  paths?: DataPaths;
  /** Recorded with each run; defaults to package.json's version. */
  trainbenchVersion?: string;
}

export class TrainingManager {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly listeners = new Set<TrainingListener>();
  private readonly version: string;
  private readonly store: RunRepository;

  /** Takes its dependencies, or just the store (the first callers' form). */
  constructor(deps: TrainingManagerDeps | RunRepository) {
    const d: TrainingManagerDeps = 'recordEvent' in deps ? { store: deps } : deps;
    this.store = d.store;
    this.version = d.trainbenchVersion ?? appVersion();
  }

  /** Subscribes to every run's events; returns the function that ends the subscription. */
  on(listener: TrainingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  active(): string[] {
    return [...this.runs.keys()];
  }

  /** Resolves with the run's 'ended' event (at once with a synthesized one if it is not active). */
  waitForEnd(runId: string): Promise<RunEndedEvent> {
    const run = this.runs.get(runId);
    if (!run) return Promise.reject(new TrainbenchError('RunNotActiveError', `Run ${runId} is not training in this process.`));
    return run.done;
  }

  /** Validates, loads the data in a worker, records the run and starts training. */
  async start(request: StartTrainingRequest): Promise<{ runId: string }> {
    const options = trainingOptionsSchema.parse(request.options ?? {});
    const spec = request.spec;
    await this.checkFit(spec, request.dataset, request.datasetOptions ?? {});
    const runId = newRunId();
    const job: TrainingJob = {
      runId,
      spec,
      dataset: request.dataset,
      datasetOptions: request.datasetOptions ?? {},
      backend: options.backend,
      checkpoints: options.checkpoints,
      trainbenchVersion: this.version,
      epochs: spec.fit.epochs,
    };
    const { worker, info } = await this.launch(job);
    try {
      this.store.createRun({
        id: runId,
        ...(options.name ? { name: options.name } : {}),
        spec,
        seed: spec.fit.seed,
        tags: options.tags ?? [],
        dataset: info.dataset,
        settings: { backend: options.backend, checkpoints: options.checkpoints, dataset: request.dataset, datasetOptions: job.datasetOptions },
        epochsPlanned: spec.fit.epochs,
      });
      const runDir = this.store.artifactDir(runId);
      const stored: StoredJob = job;
      writeFileSync(join(runDir, JOB_FILE), JSON.stringify(stored, null, 2));
      this.go(worker, runDir);
    } catch (error) {
      this.abort(worker);
      throw error;
    }
    return { runId };
  }

  /** Asks a run to stop; it ends as 'stopped' within one batch. False when it is not active here. */
  stop(runId: string, reason?: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    if (reason && !run.stopReason) run.stopReason = reason;
    Atomics.store(run.stopFlag, STOP_INDEX, 1);
    return true;
  }

  /** Stops every active run and waits for them to end. */
  async stopAll(reason?: string): Promise<void> {
    const ends = [...this.runs.values()].map((r) => r.done);
    for (const id of [...this.runs.keys()]) this.stop(id, reason);
    await Promise.allSettled(ends);
  }

  /** For app exit: stops every run cleanly (each ends 'stopped' with the reason) and waits. */
  async shutdown(): Promise<void> {
    await this.stopAll('Trainbench was closed while the run was training; resume it to continue.');
  }

  /**
   * Continues a stopped, interrupted or failed run from its last kept checkpoint, with step
   * numbers continuing where that checkpoint was taken. `epochs` sets a new total epoch count.
   */
  async resume(runId: string, epochs?: number): Promise<{ runId: string }> {
    if (this.runs.has(runId)) throw new TrainbenchError('RunActiveError', `Run ${runId} is already training; stop it before resuming.`);
    const detail = this.store.getRun(runId);
    if (detail.status === 'running' || detail.status === 'finished') {
      throw new TrainbenchError(
        'ResumeError',
        `Run ${runId} is ${detail.status}; only stopped, interrupted, failed or diverged runs can be resumed.`,
      );
    }
    const runDir = this.store.artifactDir(runId);
    const jobPath = join(runDir, JOB_FILE);
    if (!existsSync(jobPath)) {
      throw new TrainbenchError('ResumeError', `Run ${runId} has no ${JOB_FILE} in ${runDir}, so its data cannot be reloaded: start a new run instead.`);
    }
    const stored = JSON.parse(readFileSync(jobPath, 'utf8')) as StoredJob;
    const point = this.store.getResumePoint(runId);
    const total = epochs ?? stored.epochs ?? stored.spec.fit.epochs;
    // Without kept weights the epochs done cannot be continued: start over (the store replaces
    // the old points step by step). With a checkpoint, continue right after it.
    const firstEpoch = point.checkpoint ? point.lastEpoch + 1 : 0;
    if (firstEpoch >= total) {
      throw new TrainbenchError('ResumeError', `Run ${runId} already has ${firstEpoch} of ${total} epochs: ask for more epochs to continue it.`);
    }
    const resume: ResumeFrom = {
      firstEpoch,
      firstStep: point.checkpoint ? point.lastStep + 1 : 0,
      checkpointDir: point.checkpoint ? this.checkpointFolder(runDir, point.checkpoint.path) : null,
    };
    const job: TrainingJob = { ...stored, epochs: total, resume };
    const { worker } = await this.launch(job);
    try {
      this.store.markResumed(runId);
      if (epochs !== undefined && epochs !== stored.epochs) writeFileSync(jobPath, JSON.stringify({ ...stored, epochs: total }, null, 2));
      this.go(worker, runDir);
    } catch (error) {
      this.abort(worker);
      throw error;
    }
    return { runId };
  }

  private checkpointFolder(runDir: string, stored: string): string {
    if (isAbsolute(stored)) return join(stored, '..');
    const at = stored.lastIndexOf('checkpoints/');
    return join(runDir, at >= 0 ? stored.slice(at) : stored, '..');
  }

  /** The checks that must pass before a run exists: the spec resolves and the data fits it. */
  private async checkFit(spec: ModelSpec, source: DatasetSource, datasetOptions: DatasetOptions): Promise<void> {
    const resolved = resolveModel(spec);
    const descriptor = await inspectDataset(source, {
      ...datasetOptions,
      inputShape: resolved.inputShape,
      seed: spec.fit.seed,
      validationSplit: spec.fit.validation_split,
      loss: spec.compile.loss,
    });
    const shape = checkDatasetFits(descriptor, resolved.inputShape);
    if (!shape.fits) throw new DatasetError(shape.message ?? 'The data does not fit the model.', { expected: resolved.inputShape, actual: descriptor.inputShape });
    const loss = checkLossFits(descriptor, spec.compile.loss);
    if (!loss.fits) throw new DatasetError(loss.message ?? 'The labels do not suit the loss.', { loss: spec.compile.loss });
    const labels = checkLabelsFit(descriptor, spec.compile.loss, outputUnitsOf(resolved));
    if (labels) throw new DatasetError(labels, { numClasses: descriptor.numClasses, outputUnits: outputUnitsOf(resolved) });
  }

  /** Starts the worker and waits until it has the backend, the data and the model ready. */
  private launch(job: TrainingJob): Promise<{ worker: Worker; info: Extract<WorkerToMain, { kind: 'ready' }>['info']; stopFlag: Int32Array }> {
    const stopBuffer = new SharedArrayBuffer(4);
    const stopFlag = new Int32Array(stopBuffer);
    const worker = spawnTrainingWorker({ job, stopFlag: stopBuffer }, { name: `training ${job.runId}` });
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (m: WorkerToMain): void => {
        if (m.kind === 'ready') {
          cleanup();
          this.adopt(job.runId, worker, stopFlag, job.checkpoints === 'best' ? 'best' : 'every');
          resolve({ worker, info: m.info, stopFlag });
        } else if (m.kind === 'setup-failed') {
          cleanup();
          void worker.terminate();
          reject(errorFromPayload(m.error));
        }
      };
      const onError = (error: Error): void => {
        cleanup();
        void worker.terminate();
        reject(new TrainbenchError('TrainingError', `The training worker failed while preparing: ${error.message}`));
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new TrainbenchError('TrainingError', `The training worker exited (code ${code}) while preparing the run.`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  /** Registers a ready worker as an active run and wires its messages, errors and exit. */
  private adopt(runId: string, worker: Worker, stopFlag: Int32Array, policy: 'every' | 'best'): void {
    let resolveDone!: (e: RunEndedEvent) => void;
    const done = new Promise<RunEndedEvent>((r) => (resolveDone = r));
    const run: ActiveRun = { runId, worker, stopFlag, stopReason: null, policy, ended: false, done, resolveDone };
    this.runs.set(runId, run);
    worker.on('message', (m: WorkerToMain) => this.onWorkerMessage(run, m));
    worker.on('error', (error: Error) => {
      this.finishRun(run, { type: 'ended', runId, status: 'failed', reason: `The training worker crashed: ${error.message}` });
    });
    worker.on('exit', (code: number) => {
      if (!run.ended) {
        this.finishRun(run, {
          type: 'ended',
          runId,
          status: 'failed',
          reason: code === 0 ? 'The training worker ended without reporting a result.' : `The training worker exited with code ${code} (out of memory or killed?).`,
        });
      }
    });
  }

  private go(worker: Worker, runDir: string): void {
    const message: MainToWorker = { kind: 'go', runDir };
    worker.postMessage(message);
  }

  private abort(worker: Worker): void {
    const message: MainToWorker = { kind: 'abort' };
    worker.postMessage(message);
    for (const [id, run] of this.runs) {
      if (run.worker === worker) {
        run.ended = true;
        this.runs.delete(id);
      }
    }
    void worker.terminate();
  }

  private onWorkerMessage(run: ActiveRun, m: WorkerToMain): void {
    if (run.ended) return;
    switch (m.kind) {
      case 'event':
        if (m.event.type === 'ended') this.finishRun(run, m.event);
        else this.publish(run, m.event);
        return;
      case 'checkpoint':
        this.storeCall(run, () =>
          this.store.recordCheckpoint({
            runId: run.runId,
            path: m.weightsPath,
            epoch: m.epoch,
            step: m.step,
            policy: m.metric ? run.policy : 'every',
            ...(m.metric ? { metric: m.metric } : {}),
            extraPaths: [m.modelJsonPath],
          }),
        );
        return;
      case 'artifact':
        this.storeCall(run, () => {
          m.paths.forEach((path, i) =>
            this.store.addArtifact({
              runId: run.runId,
              kind: m.artifactKind,
              path,
              ...(m.epoch !== undefined ? { epoch: m.epoch } : {}),
              ...(i === 0 && m.meta ? { meta: m.meta } : {}),
            }),
          );
        });
        return;
      default:
        return;
    }
  }

  /** A store write for a run; when the store can no longer write, the run is stopped with that reason. */
  private storeCall(run: ActiveRun, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const fatal = error instanceof StoreError && (error.code === 'disk-full' || error.code === 'read-only' || error.code === 'closed');
      if (fatal) this.stop(run.runId, reason);
      else this.emit({ type: 'log', runId: run.runId, level: 'warn', message: `Could not store: ${reason}` });
    }
  }

  private publish(run: ActiveRun, event: TrainingEvent): void {
    this.storeCall(run, () => this.store.recordEvent(event));
    this.emit(event);
  }

  private finishRun(run: ActiveRun, event: RunEndedEvent): void {
    if (run.ended) return;
    run.ended = true;
    const final: RunEndedEvent = run.stopReason && event.status === 'stopped' ? { ...event, reason: run.stopReason } : event;
    try {
      this.store.recordEvent(final);
    } catch {
      // The store already failed (that is likely why the run stopped); the listeners still hear the end.
    }
    this.runs.delete(run.runId);
    this.emit(final);
    run.resolveDone(final);
    void run.worker.terminate();
  }

  private emit(event: TrainingEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One failing listener must not starve the others or the run.
      }
    }
  }
}
