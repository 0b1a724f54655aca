// Opt-in multi-threaded wasm (wasm-threads.ts): this file runs in its own process, so it can ask for
// two threads before wasm first starts. It must start with 2 threads, compute the same conv
// gradients as the cpu backend, and let the process end (vitest would hang otherwise).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../src/main/training/backends/select-backend';

describe('wasm with two threads', () => {
  beforeAll(async () => {
    const selection = await selectBackend('wasm', { wasmThreads: 2 });
    expect(selection).toMatchObject({ backend: 'wasm', threads: 2, device: 'wasm SIMD, 2 threads' });
  });

  it('computes conv gradients equal to the cpu backend', async () => {
    const grads = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.randomUniform<tf.Rank.R4>([64, 14, 14, 8], -1, 1, 'float32', 1);
        const w = tf.randomUniform<tf.Rank.R4>([3, 3, 8, 16], -1, 1, 'float32', 2);
        const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sum(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')));
        return tf.grads(f)([x, w]).map((g) => g.dataSync() as Float32Array);
      });
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    cpu.forEach((c, i) => {
      let diff = 0;
      let mag = 1;
      for (let k = 0; k < c.length; k++) {
        diff = Math.max(diff, Math.abs(c[k]! - wasm[i]![k]!));
        mag = Math.max(mag, Math.abs(c[k]!));
      }
      expect(diff / mag).toBeLessThanOrEqual(1e-4);
    });
  });
});
