// Loads the optional native backends (tfjs-node, tfjs-node-gpu) without ever crashing: they are
// optionalDependencies that are usually absent (MODULE_NOT_FOUND) or fail to load their native
// library. Results are cached, and at most one of the two is ever loaded (both register 'tensorflow').
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

export interface LoadAttempt {
  ok: boolean;
  /** One line: why it could not be loaded. */
  reason?: string;
}

const attempts = new Map<NativePackage, LoadAttempt>();
let loadedNative: NativePackage | null = null;

function describeLoadError(pkg: string, error: unknown): string {
  const err = error as { code?: string; message?: string };
  if (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND') {
    return `${pkg} is not installed (optional dependency; install it with npm where libtensorflow can be downloaded)`;
  }
  const firstLine = (err.message ?? String(error)).split('\n')[0] ?? '';
  return `${pkg} failed to load: ${firstLine.slice(0, 200)}`;
}

/** True when the package can be resolved at all, without loading it. */
export function isInstalled(pkg: NativePackage): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Requires the package once; it registers the 'tensorflow' backend on success. */
export function loadNative(pkg: NativePackage): LoadAttempt {
  const cached = attempts.get(pkg);
  if (cached) return cached;
  let attempt: LoadAttempt;
  if (loadedNative && loadedNative !== pkg) {
    attempt = { ok: false, reason: `${loadedNative} is already loaded in this process; ${pkg} cannot be loaded beside it` };
  } else {
    try {
      require(pkg);
      loadedNative = pkg;
      attempt = { ok: true };
    } catch (error) {
      attempt = { ok: false, reason: describeLoadError(pkg, error) };
    }
  }
  attempts.set(pkg, attempt);
  return attempt;
}

export interface CudaGpu {
  present: boolean;
  /** e.g. 'NVIDIA H100 80GB HBM3'. */
  name?: string;
}

let gpuCache: CudaGpu | null = null;

/** A CUDA GPU is present when the NVIDIA driver lists one; nvidia-smi gives its name when it exists. */
export function detectCudaGpu(): CudaGpu {
  if (gpuCache) return gpuCache;
  let present = false;
  try {
    present = existsSync('/proc/driver/nvidia/gpus') && readdirSync('/proc/driver/nvidia/gpus').length > 0;
  } catch {
    present = false;
  }
  let name: string | undefined;
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    name = out.split('\n')[0]?.trim() || undefined;
    if (name) present = true;
  } catch {
    // No nvidia-smi: keep what the driver directory said.
  }
  gpuCache = name ? { present, name } : { present };
  return gpuCache;
}
