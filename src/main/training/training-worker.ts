// Entry of a training worker thread: prepares the session from workerData, reports 'ready' (or
// why setup failed, before any run is recorded), waits for 'go', trains, and exits.
// The stop flag is a SharedArrayBuffer the session reads between batches, so stop needs no event loop turn.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeError } from '../../shared/api/api-error';
import { prepareSession } from './training-session';
import { STOP_INDEX, type MainToWorker, type TrainingJob, type WorkerToMain } from './training-job';

interface WorkerInput {
  job: TrainingJob;
  stopFlag: SharedArrayBuffer;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('training-worker.ts must run as a worker thread');
  const { job, stopFlag } = workerData as WorkerInput;
  const flag = new Int32Array(stopFlag);
  const post = (m: WorkerToMain): void => port.postMessage(m);
  let session;
  try {
    session = await prepareSession(job, post);
  } catch (error) {
    post({ kind: 'setup-failed', error: encodeError(error) });
    return;
  }
  post({ kind: 'ready', info: session.info });
  const command = await new Promise<MainToWorker>((resolve) => port.once('message', resolve));
  if (command.kind !== 'go') {
    session.dispose();
    return;
  }
  try {
    await session.run(() => Atomics.load(flag, STOP_INDEX) !== 0, command.runDir);
  } finally {
    session.dispose();
  }
}

// No top-level await: dynamic imports made while preparing (backends, loaders) would wait on this
// module's own evaluation and never settle. The manager terminates the thread after 'ended'.
main().catch((error: unknown) => {
  parentPort?.postMessage({ kind: 'setup-failed', error: encodeError(error) } satisfies WorkerToMain);
});
