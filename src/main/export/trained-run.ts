// Finds a run's trained weights (the final model folder, else its latest checkpoint) and
// rebuilds the tfjs model from the run's spec with them. Model exporters start here; a run
// that never saved weights gets an ExportError saying why and what can be exported instead.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { ArtifactRecord, RunDetail } from '../../shared/run/run-types';
import { resolveModel, type ResolvedModel } from '../../shared/spec/resolve-model';
import { ExportError } from './export-errors';

export interface TrainedRun {
  resolved: ResolvedModel;
  model: tf.LayersModel;
  /** Folder the weights came from (model/ or checkpoints/epoch-N/). */
  weightsDir: string;
  /** 'final' for the end-of-training weights, else the checkpoint's epoch (1-based). */
  source: 'final' | { checkpointEpoch: number };
}

/** Absolute path of an artifact record (stored relative to the data dir, the artifacts folder's parent). */
export function artifactAbsolutePath(artifactsDir: string, record: Pick<ArtifactRecord, 'path'>): string {
  return isAbsolute(record.path) ? record.path : join(dirname(artifactsDir), record.path);
}

function modelJsonDirs(run: RunDetail, artifactsDir: string): { dir: string; source: TrainedRun['source'] }[] {
  const found: { dir: string; source: TrainedRun['source'] }[] = [];
  const jsonDir = (a: ArtifactRecord): string | null => {
    const path = artifactAbsolutePath(artifactsDir, a);
    return path.endsWith('model.json') ? dirname(path) : existsSync(join(dirname(path), 'model.json')) ? dirname(path) : null;
  };
  for (const a of run.artifacts.filter((x) => x.kind === 'weights').reverse()) {
    const dir = jsonDir(a);
    if (dir) found.push({ dir, source: 'final' });
  }
  found.push({ dir: join(artifactsDir, run.id, 'model'), source: 'final' });
  const checkpoints = run.artifacts.filter((x) => x.kind === 'checkpoint').sort((a, b) => (b.epoch ?? -1) - (a.epoch ?? -1) || b.id - a.id);
  for (const a of checkpoints) {
    const dir = jsonDir(a);
    if (dir) found.push({ dir, source: { checkpointEpoch: (a.epoch ?? 0) + 1 } });
  }
  return found.filter((f) => existsSync(join(f.dir, 'model.json')));
}

/** Why a run has nothing to export, in words that say what to do. */
export function noWeightsMessage(run: RunDetail): string {
  const ended =
    run.status === 'running'
      ? 'it is still running and has not saved weights yet (they are saved at the end, and at epoch checkpoints)'
      : `it ended as ${run.status}${run.statusReason ? ` (${run.statusReason})` : ''} before the first epoch finished, so no weights were saved`;
  return (
    `Run ${run.id} has no saved weights: ${ended}. ` +
    "Export its architecture with --format code or card, its metrics with csv or json, or train it again (trainbench train)."
  );
}

/** Loads the run's trained model; throws ExportError('no-weights') when there is none. */
export async function loadTrainedRun(run: RunDetail, artifactsDir: string): Promise<TrainedRun> {
  const candidates = modelJsonDirs(run, artifactsDir);
  const first = candidates[0];
  if (!first) throw new ExportError(noWeightsMessage(run), { code: 'no-weights', runId: run.id, status: run.status });
  const resolved = resolveModel(run.spec);
  // Loaded lazily: metrics, code and card exports never pay for tfjs.
  const tfjs = await import('@tensorflow/tfjs');
  // A process that only exports (CLI, the API server) may have the wasm backend registered but not
  // started; tf.ready() starts the best registered backend, falling back down the list on failure.
  // Exports run on whichever backend starts; tfjs's "install our node backend" banner is noise here.
  tfjs.env().set('PROD', true);
  await tfjs.ready();
  const { buildModel } = await import('../training/model-builder');
  const { loadModelFolder } = await import('../training/weights-folder');
  const model = buildModel(resolved, run.seed);
  try {
    await loadModelFolder(model, first.dir, false);
  } catch (error) {
    model.dispose();
    throw new ExportError(`The saved weights of run ${run.id} in ${first.dir} do not fit its model: ${(error as Error).message}`, {
      code: 'no-weights',
      runId: run.id,
      dir: first.dir,
    });
  }
  return { resolved, model, weightsDir: first.dir, source: first.source };
}
