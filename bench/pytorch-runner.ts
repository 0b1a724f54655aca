// Runs bench/pytorch-peer.py on the same data and initial weights: writes them as raw float32
// files with a JSON config to a temp dir, runs /usr/bin/python3, reads its one-line JSON answer.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ResolvedModel } from '../src/shared/spec/resolve-model';
import type { BenchData } from './bench-data';
import type { InitialWeight } from './trainbench-runner';

const run = promisify(execFile);
export const PYTHON = '/usr/bin/python3';
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'pytorch-peer.py');

export interface PeerResult {
  samplesPerSecond: number;
  testAccuracy: number;
  seconds: number;
  torch: string;
  threads: number;
}

/** Null when torch imports; otherwise why not, with the fix. */
export async function torchMissing(): Promise<string | null> {
  try {
    await run(PYTHON, ['-c', 'import torch'], { timeout: 60_000 });
    return null;
  } catch (error) {
    const msg = (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(error);
    return `PyTorch is not available to ${PYTHON} (${msg}); install it with: apt-get install python3-torch`;
  }
}

function peerLayers(resolved: ResolvedModel): Array<Record<string, unknown>> {
  return resolved.layers.map((layer) => {
    const base: Record<string, unknown> = { ...layer };
    if (layer.className === 'Conv2D') base['inChannels'] = layer.inputShape[2];
    if (layer.className === 'Dense') base['inFeatures'] = layer.inputShape[layer.inputShape.length - 1];
    if (layer.className === 'LSTM' || layer.className === 'GRU' || layer.className === 'SimpleRNN') base['inFeatures'] = layer.inputShape[1];
    return base;
  });
}

export async function runPytorchPeer(
  resolved: ResolvedModel,
  data: BenchData,
  weights: InitialWeight[],
  opts: { batchSize: number; epochs: number; threads: number; learningRate: number },
): Promise<PeerResult> {
  const dir = await mkdtemp(join(tmpdir(), 'trainbench-bench-'));
  try {
    const bytes = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    await writeFile(join(dir, 'x_train.bin'), bytes(data.train.x));
    await writeFile(join(dir, 'y_train.bin'), bytes(data.train.y));
    await writeFile(join(dir, 'x_test.bin'), bytes(data.test.x));
    await writeFile(join(dir, 'y_test.bin'), bytes(data.test.y));
    await Promise.all(weights.map((w, i) => writeFile(join(dir, `w${i}.bin`), bytes(w.values))));
    const config = {
      dir,
      sampleShape: data.train.sampleShape,
      trainCount: data.train.count,
      testCount: data.test.count,
      weightShapes: weights.map((w) => w.shape),
      layers: peerLayers(resolved),
      batchSize: opts.batchSize,
      epochs: opts.epochs,
      threads: opts.threads,
      learningRate: opts.learningRate,
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    const { stdout } = await run(PYTHON, [PEER, join(dir, 'config.json')], {
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, OMP_NUM_THREADS: String(opts.threads) },
    });
    const line = stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(line) as PeerResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
