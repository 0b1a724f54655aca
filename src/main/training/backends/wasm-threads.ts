// Opt-in multi-threaded wasm (XNNPACK on a pthread pool) under Node, which tfjs 4.22 disables
// there. Three workarounds: pthread workers start from a real file instead of a blob: URL (Node's
// Worker refuses those) and get the threaded glue's path instead of a Blob; the multithread flag is
// forced on; and os.cpus() is doubled while the backend starts, because the C++ side caps threads
// at cores/2 (1 on a 2-core machine). Same losses as one thread. Fashion CNN on 2 cores: 1.25–1.3×
// one thread at load ≈ 2, but 0.6–0.8× at load ≈ 6 (a shared machine). Training runs use every
// core (trainingWasmThreads) unless TRAINBENCH_WASM_THREADS says otherwise; other callers get 1.
import os from 'node:os';
import workerThreads from 'node:worker_threads';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
let patched = false;

/** Threads asked for by option or TRAINBENCH_WASM_THREADS; 1 when neither says otherwise. */
export function requestedWasmThreads(option?: number): number {
  const raw = option ?? Number(process.env['TRAINBENCH_WASM_THREADS'] ?? 1);
  return Number.isInteger(raw) && raw > 1 ? Math.min(raw, 8) : 1;
}

/**
 * Threads for a training run: TRAINBENCH_WASM_THREADS when set (undefined here lets
 * requestedWasmThreads read it), else every core up to 8, the fastest on a machine not busy elsewhere.
 */
export function trainingWasmThreads(): number | undefined {
  if (process.env['TRAINBENCH_WASM_THREADS']) return undefined;
  return Math.min(os.availableParallelism(), 8);
}

/** A packaged app's worker cannot start from inside app.asar: use the unpacked copy. */
function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

/** Must run before the wasm backend first initialises; later calls change nothing. */
export function enableWasmThreads(threads: number): void {
  if (patched || threads <= 1) return;
  const pkgDir = unpacked(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')));
  const { wasmWorkerContents } = require(join(pkgDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  // The package keeps the worker as a template string; '\n' inside its string literals must stay escaped.
  const workerFile = join(mkdtempSync(join(os.tmpdir(), 'trainbench-wasm-')), 'pthread-worker.cjs');
  writeFileSync(workerFile, wasmWorkerContents.replace(/\n/g, '\\n'));
  const threadedGlue = join(pkgDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const NodeWorker = workerThreads.Worker;
  class FileWorker extends NodeWorker {
    constructor(url: string | URL, options?: workerThreads.WorkerOptions) {
      super(String(url).startsWith('blob:') ? workerFile : url, options);
      // The pool's workers must never keep the process alive: tfjs calls into the pool
      // synchronously, so nothing is lost when the event loop ends while they wait.
      this.unref();
    }
    override ref(): void {
      // Emscripten re-refs a worker while it runs a pthread; pthreadpool threads run forever.
    }
    override postMessage(message: unknown, transfer?: readonly workerThreads.TransferListItem[]): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
      const fixed = m && m.cmd === 'load' && typeof m.urlOrBlob !== 'string' ? { ...m, urlOrBlob: threadedGlue } : message;
      super.postMessage(fixed, transfer);
    }
  }
  (workerThreads as unknown as { Worker: typeof NodeWorker }).Worker = FileWorker;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  patched = true;
}

/** Runs `start` (the backend's initialisation) with os.cpus() reporting twice the cores. */
export async function withDoubledCores<T>(start: () => Promise<T>): Promise<T> {
  if (!patched) return start();
  const cpus = os.cpus;
  (os as unknown as { cpus: () => os.CpuInfo[] }).cpus = () => {
    const list = cpus();
    return [...list, ...list];
  };
  try {
    return await start();
  } finally {
    (os as unknown as { cpus: typeof cpus }).cpus = cpus;
  }
}
