// Re-evaluates a stored run: rebuilds its model from the recorded spec, loads its final weights
// (else its latest checkpoint), reloads the run's data from job.json and scores the test split
// (the training data when there is none, as at the end of training). Runs in this thread.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { TrainbenchError } from '../../shared/api/api-error';
import type { Evaluation } from '../../shared/run/run-types';
import { resolveModel } from '../../shared/spec/resolve-model';
import { loadDataset } from '../datasets';
import type { RunRepository } from '../store/run-repository';
import { selectBackend, type BackendSelection } from './backends/select-backend';
import { labelLayout } from './compile-model';
import { outputUnitsOf } from './label-fit';
import { buildModel } from './model-builder';
import { evaluateModel } from './model-evaluation';
import type { StoredJob } from './training-job';
import { finalModelDir } from './training-session';
import { loadModelFolder, MODEL_JSON } from './weights-folder';

export interface RunEvaluation {
  runId: string;
  evaluation: Evaluation;
  /** Folder whose weights were scored. */
  weightsDir: string;
  split: 'test' | 'train';
  backend: BackendSelection;
}

function weightsFolder(store: RunRepository, runId: string, runDir: string): string {
  const final = finalModelDir(runDir);
  if (existsSync(join(final, MODEL_JSON))) return final;
  const checkpoints = store.listArtifacts(runId, 'checkpoint').filter((a) => a.path.endsWith('weights.bin'));
  const last = checkpoints.sort((a, b) => (b.epoch ?? -1) - (a.epoch ?? -1))[0];
  if (!last) {
    throw new TrainbenchError('EvaluateError', `Run ${runId} has no saved weights (no ${final} and no checkpoint): train it to the end, or resume it, first.`);
  }
  if (isAbsolute(last.path)) return dirname(last.path);
  const at = last.path.lastIndexOf('checkpoints/');
  return dirname(join(runDir, at >= 0 ? last.path.slice(at) : last.path));
}

/** Scores the run's weights and records the evaluation in the store (replacing the previous one). */
export async function evaluateStoredRun(store: RunRepository, runId: string, record = true): Promise<RunEvaluation> {
  const detail = store.getRun(runId);
  if (detail.status === 'running') throw new TrainbenchError('RunActiveError', `Run ${runId} is still training; evaluate it once it has ended.`);
  const runDir = store.artifactDir(runId);
  const jobPath = join(runDir, 'job.json');
  if (!existsSync(jobPath)) {
    throw new TrainbenchError('EvaluateError', `Run ${runId} has no job.json in ${runDir}, so its data cannot be reloaded.`);
  }
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as StoredJob;
  const weightsDir = weightsFolder(store, runId, runDir);
  const backend = await selectBackend(job.backend);
  const spec = detail.spec;
  const resolved = resolveModel(spec);
  const data = await loadDataset(job.dataset, {
    ...job.datasetOptions,
    inputShape: resolved.inputShape,
    seed: spec.fit.seed,
    validationSplit: spec.fit.validation_split,
    loss: spec.compile.loss,
  });
  const model = buildModel(resolved, spec.fit.seed);
  try {
    await loadModelFolder(model, weightsDir, false);
    const hasTest = data.test !== null && data.test.count > 0;
    const split = hasTest ? data.test! : data.train;
    const layout = labelLayout(spec.compile.loss, outputUnitsOf(resolved));
    const { evaluation } = await evaluateModel(model, split, layout, spec.compile.metrics, data.descriptor, spec.fit.batch_size);
    if (record) {
      store.recordEvent({ type: 'evaluation', runId, evaluation });
      store.flush();
    }
    return { runId, evaluation, weightsDir, split: hasTest ? 'test' : 'train', backend };
  } finally {
    model.dispose();
  }
}
