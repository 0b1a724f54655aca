// Prepares the wasm backend for training: points it at the .wasm files of the installed package
// (no network; works from a packaged app's unpacked dir) and registers the training kernels.
import { dirname, join, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm-kernels/register-wasm-kernels';
import { enableWasmThreads, requestedWasmThreads, withDoubledCores } from './wasm-threads';

const require = createRequire(import.meta.url);

/** The package's dist directory, holding tfjs-backend-wasm*.wasm; `app.asar` is swapped for its unpacked twin. */
export function wasmDistDir(): string {
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  let dir = dirname(main);
  if (dir.includes(`app.asar${sep}`)) {
    const unpacked = dir.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
    if (existsSync(unpacked)) dir = unpacked;
  }
  return dir;
}

let pathsSet = false;

export function prepareWasm(): void {
  if (!pathsSet) {
    const dir = wasmDistDir();
    if (!existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))) {
      throw new Error(`tfjs-backend-wasm's .wasm files are missing from ${dir}; reinstall @tensorflow/tfjs-backend-wasm`);
    }
    // A file-system prefix: emscripten reads it with fs in Node, never over the network.
    setWasmPaths(dir.endsWith(sep) ? dir : dir + sep);
    pathsSet = true;
  }
  registerWasmTrainingKernels();
}

/** Initialises (once) and activates wasm; `threads` > 1 only takes effect before the first initialisation. */
export async function initWasm(threads?: number): Promise<{ ok: boolean; threads: number; simd: boolean; reason?: string }> {
  try {
    prepareWasm();
    if (!tf.findBackend('wasm')) enableWasmThreads(requestedWasmThreads(threads));
    const ok = await withDoubledCores(() => tf.setBackend('wasm'));
    if (!ok) return { ok: false, threads: 0, simd: false, reason: 'the wasm backend failed to initialise' };
    await tf.ready();
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
    return { ok: true, threads: getThreadsCount(), simd };
  } catch (error) {
    const message = (error as Error).message?.split('\n')[0] ?? String(error);
    return { ok: false, threads: 0, simd: false, reason: `the wasm backend failed to initialise: ${message}` };
  }
}
