// A training worker that dies the way a real one can (native abort, out of memory, process.exit
// in a dependency): it gets ready, starts the run, then exits with code 3 without an 'ended' event.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainingJob, WorkerToMain } from '../../../src/main/training/training-job';

const { job } = workerData as { job: TrainingJob };
const post = (m: WorkerToMain): void => parentPort!.postMessage(m);
const environment = {
  backend: 'cpu' as const,
  backendPackage: '@tensorflow/tfjs-backend-cpu',
  gpu: false,
  device: 'crash fixture',
  threads: 1,
  tfjsVersion: '4.22.0',
  trainbenchVersion: 'test',
  os: 'test',
  cpu: 'test',
  nodeVersion: process.versions.node,
};
const dataset = {
  kind: 'random' as const,
  name: 'Random',
  source: '',
  inputShape: job.spec.input_shape,
  numClasses: 2,
  classNames: ['0', '1'],
  trainSize: 100,
  validationSize: 0,
  testSize: 0,
  normalization: 'none',
  options: {},
};
post({ kind: 'ready', info: { environment, dataset, batchesPerEpoch: 7 } });
parentPort!.once('message', () => {
  post({ kind: 'event', event: { type: 'started', runId: job.runId, environment, dataset, specHash: 'x', datasetHash: 'y', epochs: 1, batchesPerEpoch: 7, firstStep: 0, firstEpoch: 0 } });
  setTimeout(() => process.exit(3), 50);
});
