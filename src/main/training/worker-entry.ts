// Where the training worker's code is and how to start it. In dev, tests and the CLI (tsx) the
// entry is training-worker.ts and the worker needs tsx's loader; a bundled build (the lead's
// Electron bundling) can point `setTrainingWorkerResolver` at its emitted .js instead.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** File URL or absolute path of the worker module. */
  file: URL | string;
  execArgv: string[];
  /**
   * A module to import before `file` (tsx's ESM API, registered in the worker): Node 20 does not
   * apply `--import tsx` hooks to a worker's own entry, so the entry is loaded after registering.
   */
  preload?: string;
}

function resolveModule(specifier: string): string {
  try {
    return import.meta.resolve(specifier);
  } catch {
    return pathToFileURL(createRequire(import.meta.url).resolve(specifier)).href;
  }
}

function defaultResolver(): WorkerEntry {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = resolveModule('tsx');
    const args = process.execArgv.filter((a, i, all) => !(a === '--import' && /tsx/.test(all[i + 1] ?? '')) && !(/tsx/.test(a) && all[i - 1] === '--import'));
    return { file: new URL('./training-worker.ts', here), execArgv: [...args, '--import', tsx], preload: resolveModule('tsx/esm/api') };
  }
  return { file: new URL('./training-worker.js', here), execArgv: [...process.execArgv] };
}

let resolver: () => WorkerEntry = defaultResolver;

/** Lets a bundled build say where its compiled worker lives. */
export function setTrainingWorkerResolver(next: () => WorkerEntry): void {
  resolver = next;
}

export function resolveTrainingWorker(): WorkerEntry {
  return resolver();
}

export function spawnTrainingWorker(workerData: unknown, options: Omit<WorkerOptions, 'workerData' | 'execArgv'> = {}): Worker {
  const entry = resolveTrainingWorker();
  if (entry.preload) {
    const url = entry.file instanceof URL ? entry.file.href : pathToFileURL(entry.file).href;
    const boot = `import(${JSON.stringify(entry.preload)}).then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
    return new Worker(boot, { ...options, eval: true, workerData, execArgv: entry.execArgv });
  }
  const file = entry.file instanceof URL ? fileURLToPath(entry.file) : entry.file;
  return new Worker(file, { ...options, workerData, execArgv: entry.execArgv });
}
