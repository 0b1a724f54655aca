// The stock wasm kernels Trainbench replaces for speed (BatchMatMul with transposes, Slice,
// SplitV, Unpack) must give the cpu backend's results exactly or to float rounding.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../src/main/training/backends/select-backend';

function values(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs fn on both backends with the same inputs; returns the flattened outputs per backend. */
async function onBoth(shapes: number[][], fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: string): Promise<Float32Array[]> => {
    await tf.setBackend(backend);
    const xs = shapes.map((shape, i) => tf.tensor(values(shape.reduce((a, b) => a * b, 1), 17 + i), shape));
    const out = tf.tidy(() => fn(...xs));
    const list = Array.isArray(out) ? out : [out];
    const data = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose([...xs, ...list]);
    return data;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { cpu, wasm };
}

function expectClose(a: Float32Array[], b: Float32Array[], tol: number): void {
  expect(b.length).toBe(a.length);
  a.forEach((x, i) => {
    const y = b[i]!;
    expect(y.length).toBe(x.length);
    let worst = 0;
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k]! - y[k]!));
    expect(worst).toBeLessThanOrEqual(tol);
  });
}

describe('replaced wasm kernels agree with cpu', () => {
  beforeAll(async () => {
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matMul transposeA=%s transposeB=%s, 2-D and batched', async (ta, tb) => {
    const a2 = ta ? [37, 5] : [5, 37];
    const b2 = tb ? [9, 37] : [37, 9];
    const r2 = await onBoth([a2, b2], (a, b) => tf.matMul(a, b, ta, tb));
    expectClose(r2.cpu, r2.wasm, 1e-4);
    const a3 = ta ? [3, 13, 4] : [3, 4, 13];
    const b3 = tb ? [3, 6, 13] : [3, 13, 6];
    const r3 = await onBoth([a3, b3], (a, b) => tf.matMul(a, b, ta, tb));
    expectClose(r3.cpu, r3.wasm, 1e-4);
  });

  it('slice: contiguous, strided 2-D to 5-D, and empty', async () => {
    const r = await onBoth([[896, 64], [4, 5, 6], [2, 3, 4, 5, 6]], (a, b, c) => [
      tf.slice(a, [64, 0], [32, 64]),
      tf.slice(a, [3, 5], [7, 11]),
      tf.slice(b, [1, 2, 3], [2, 3, 2]),
      tf.slice(c, [1, 0, 2, 1, 3], [1, 2, 2, 3, 3]),
      tf.slice(b, [0, 0, 0], [4, 0, 6]),
    ]);
    expectClose(r.cpu, r.wasm, 0);
  });

  it('split and unstack along every axis', async () => {
    const r = await onBoth([[6, 8, 4]], (x) => [
      ...tf.split(x, [2, 4], 0),
      ...tf.split(x, 4, 1),
      ...tf.split(x, [1, 3], 2),
      ...tf.unstack(x, 0),
      ...tf.unstack(x, 1),
      ...tf.unstack(x, 2),
    ]);
    expectClose(r.cpu, r.wasm, 0);
  });

  it.each([
    [2, 2, 'valid'],
    [2, 2, 'same'],
    [3, 2, 'same'],
    [3, 1, 'valid'],
  ] as const)('maxPool gradient, pool %i stride %i %s, with ReLU ties at zero', async (pool, stride, pad) => {
    for (const shape of [[1, 7, 9, 3], [64, 13, 13, 4]]) {
      const r = await onBoth([shape], (x) => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(tf.relu(v) as tf.Tensor4D, pool, stride, pad), 1.5)))(x));
      expectClose(r.cpu, r.wasm, 1e-6);
    }
  });

  it('int32 slices stay int32', async () => {
    await tf.setBackend('wasm');
    const x = tf.range(0, 24, 1, 'int32').reshape([4, 6]);
    const s = tf.slice(x, [1, 2], [2, 3]);
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([8, 9, 10, 14, 15, 16]);
    tf.dispose([x, s]);
  });
});
