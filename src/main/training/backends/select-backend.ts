// The backend ladder: tfjs-node-gpu (package loads and a CUDA GPU is present) → tfjs-node → wasm
// → cpu. An explicit request is honoured, or the reason it could not be and what was used instead
// is returned in one line. Never throws for a missing optional package.
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendRequest } from '../../../shared/run/run-types';
import type { BackendAvailability } from '../../../shared/api/channels/app-channels';
import { detectCudaGpu, isInstalled, loadNative, type NativePackage } from './optional-packages';
import { initWasm } from './wasm-setup';

export interface BackendSelection {
  backend: BackendName;
  /** Package that provided it: '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'. */
  backendPackage: string;
  gpu: boolean;
  /** Human description, e.g. 'wasm SIMD, 1 thread'. */
  device: string;
  threads: number;
  /** One line when the request could not be honoured. */
  fallbackReason?: string;
}

type Rung = 'gpu' | 'tensorflow' | 'wasm' | 'cpu';
type Attempt = { ok: true; selection: BackendSelection } | { ok: false; reason: string };

const LADDER: Rung[] = ['gpu', 'tensorflow', 'wasm', 'cpu'];

function cpuModel(): string {
  return cpus()[0]?.model.trim() ?? 'CPU';
}

async function activateTensorflow(pkg: NativePackage): Promise<Attempt> {
  const load = loadNative(pkg);
  if (!load.ok) return { ok: false, reason: load.reason ?? `${pkg} could not be loaded` };
  try {
    if (!(await tf.setBackend('tensorflow'))) return { ok: false, reason: `${pkg} loaded but its backend failed to initialise` };
    await tf.ready();
  } catch (error) {
    return { ok: false, reason: `${pkg} backend failed: ${(error as Error).message.split('\n')[0]}` };
  }
  return { ok: true, selection: { backend: 'tensorflow', backendPackage: pkg, gpu: false, device: '', threads: cpus().length } };
}

export interface SelectOptions {
  /** wasm threads (default 1, or TRAINBENCH_WASM_THREADS); only before wasm first starts. See wasm-threads.ts. */
  wasmThreads?: number;
}

async function tryRung(rung: Rung, options: SelectOptions = {}): Promise<Attempt> {
  switch (rung) {
    case 'gpu': {
      if (!isInstalled('@tensorflow/tfjs-node-gpu')) {
        return { ok: false, reason: '@tensorflow/tfjs-node-gpu is not installed (optional dependency)' };
      }
      const gpu = detectCudaGpu();
      if (!gpu.present) return { ok: false, reason: 'no CUDA GPU found (no NVIDIA driver lists one)' };
      const attempt = await activateTensorflow('@tensorflow/tfjs-node-gpu');
      if (!attempt.ok) return attempt;
      const name = gpu.name ?? 'NVIDIA GPU';
      return { ok: true, selection: { ...attempt.selection, gpu: true, device: `${name} (CUDA)` } };
    }
    case 'tensorflow': {
      const attempt = await activateTensorflow('@tensorflow/tfjs-node');
      if (!attempt.ok) return attempt;
      return { ok: true, selection: { ...attempt.selection, device: `${cpuModel()}, libtensorflow, ${cpus().length} threads` } };
    }
    case 'wasm': {
      const init = await initWasm(options.wasmThreads);
      if (!init.ok) return { ok: false, reason: init.reason ?? 'the wasm backend failed to initialise' };
      const device = `wasm${init.simd ? ' SIMD' : ''}, ${init.threads} thread${init.threads === 1 ? '' : 's'}`;
      return {
        ok: true,
        selection: { backend: 'wasm', backendPackage: '@tensorflow/tfjs-backend-wasm', gpu: false, device, threads: init.threads },
      };
    }
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'the cpu backend failed to initialise' };
      await tf.ready();
      // Its first-use banner advises tfjs-node; our fallbackReason already says what happened.
      const cpuBackend = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
      if (cpuBackend) cpuBackend.firstUse = false;
      return {
        ok: true,
        selection: { backend: 'cpu', backendPackage: '@tensorflow/tfjs-backend-cpu', gpu: false, device: 'pure JavaScript, 1 thread', threads: 1 },
      };
    }
  }
}

function rungsFor(request: BackendRequest): { wanted: Rung | null; order: Rung[] } {
  if (request === 'auto') return { wanted: null, order: LADDER };
  const start = LADDER.indexOf(request);
  // Fall back down the ladder from the rung asked for, then up if nothing below works.
  return { wanted: request, order: [...LADDER.slice(start), ...LADDER.slice(0, start).reverse()] };
}

/**
 * Activates the best backend for the request; `fallbackReason` says why an explicit request was
 * not met. 'auto' is always honoured (whatever rung it lands on), so it carries no fallbackReason;
 * probeBackends says why the higher rungs are unavailable.
 */
export async function selectBackend(request: BackendRequest = 'auto', options: SelectOptions = {}): Promise<BackendSelection> {
  const { wanted, order } = rungsFor(request);
  const reasons: string[] = [];
  for (const rung of order) {
    const attempt = await tryRung(rung, options);
    if (attempt.ok) {
      const selection = attempt.selection;
      if (wanted && rung !== wanted) {
        selection.fallbackReason = `${wanted} was requested but ${reasons[0] ?? 'it is unavailable'}; using ${selection.backend} (${selection.device})`;
      }
      return selection;
    }
    reasons.push(attempt.reason);
  }
  throw new Error(`No TensorFlow.js backend could be initialised: ${reasons.join('; ')}`);
}

const REQUEST_BACKEND: Record<Rung, BackendName> = { gpu: 'tensorflow', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const REQUEST_PACKAGE: Record<Rung, string> = {
  gpu: '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/**
 * Availability per request for app:info. Checks without switching the active backend: native
 * packages are loaded (the only truthful test), wasm is registered and initialised lazily.
 */
export async function probeBackends(): Promise<BackendAvailability[]> {
  const result: BackendAvailability[] = [];
  for (const rung of LADDER) {
    let available = false;
    let reason: string | undefined;
    if (rung === 'gpu') {
      if (!isInstalled('@tensorflow/tfjs-node-gpu')) reason = '@tensorflow/tfjs-node-gpu is not installed (optional dependency)';
      else if (!detectCudaGpu().present) reason = 'no CUDA GPU found (no NVIDIA driver lists one)';
      else {
        const load = loadNative('@tensorflow/tfjs-node-gpu');
        available = load.ok;
        reason = load.reason;
      }
    } else if (rung === 'tensorflow') {
      const load = loadNative('@tensorflow/tfjs-node');
      available = load.ok;
      reason = load.reason;
    } else if (rung === 'wasm') {
      const previous = tf.getBackend();
      const init = await initWasm();
      available = init.ok;
      reason = init.reason;
      if (previous && previous !== 'wasm') await tf.setBackend(previous);
    } else {
      available = tf.findBackendFactory('cpu') !== null;
      if (!available) reason = 'the cpu backend is not registered';
    }
    const entry: BackendAvailability = { request: rung, backend: REQUEST_BACKEND[rung], available, gpu: rung === 'gpu', package: REQUEST_PACKAGE[rung] };
    if (!available && reason) entry.reason = reason;
    result.push(entry);
  }
  return result;
}
