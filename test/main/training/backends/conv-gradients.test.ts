// Checks the wasm conv gradients Trainbench adds (Conv2DBackpropFilter) or replaces
// (Conv2DBackpropInput) against tfjs's cpu backend on random cases: strides 1 and 2, valid and
// same padding, odd and even sizes, batch 1 and 64.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../src/main/training/backends/select-backend';

type Pad = 'valid' | 'same';
interface Case {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  kh: number;
  kw: number;
  stride: [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  { n: 1, h: 7, w: 7, ci: 3, co: 4, kh: 3, kw: 3, stride: [1, 1], pad: 'valid' },
  { n: 1, h: 9, w: 8, ci: 2, co: 5, kh: 3, kw: 3, stride: [2, 2], pad: 'same' },
  { n: 3, h: 10, w: 11, ci: 3, co: 2, kh: 5, kw: 3, stride: [2, 2], pad: 'valid' },
  { n: 2, h: 11, w: 9, ci: 1, co: 3, kh: 2, kw: 4, stride: [1, 2], pad: 'same' },
  { n: 64, h: 13, w: 13, ci: 4, co: 6, kh: 3, kw: 3, stride: [1, 1], pad: 'same' },
  { n: 64, h: 15, w: 14, ci: 3, co: 8, kh: 3, kw: 3, stride: [2, 2], pad: 'valid' },
  { n: 64, h: 28, w: 28, ci: 1, co: 8, kh: 3, kw: 3, stride: [1, 1], pad: 'valid' },
];

/** Deterministic uniform values in [-1, 1) from a small LCG, independent of any backend. */
function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

async function convGradients(backend: string, c: Case, seed: number): Promise<{ dx: Float32Array; dw: Float32Array }> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(randomValues(c.n * c.h * c.w * c.ci, seed), [c.n, c.h, c.w, c.ci]);
  const w = tf.tensor4d(randomValues(c.kh * c.kw * c.ci * c.co, seed + 1), [c.kh, c.kw, c.ci, c.co]);
  const outShape = tf.tidy(() => tf.conv2d(x, w, c.stride, c.pad).shape);
  const dy = tf.tensor(randomValues(outShape.reduce((a, b) => a * b, 1), seed + 2), outShape);
  const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad);
  const [gx, gw] = tf.grads(f)([x, w], dy);
  const result = { dx: (await gx!.data()) as Float32Array, dw: (await gw!.data()) as Float32Array };
  tf.dispose([x, w, dy, gx!, gw!]);
  return result;
}

/** Largest absolute difference divided by the largest magnitude (at least 1). */
function relativeMaxDiff(expected: Float32Array, actual: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let magnitude = 1;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(expected[i]! - actual[i]!));
    magnitude = Math.max(magnitude, Math.abs(expected[i]!));
  }
  return diff / magnitude;
}

describe('wasm conv2d gradients match the cpu backend', () => {
  beforeAll(async () => {
    const selection = await selectBackend('wasm');
    expect(selection.backend).toBe('wasm');
  });

  it.each(CASES.map((c, i) => [`${c.n}×${c.h}×${c.w}×${c.ci}→${c.co} k${c.kh}×${c.kw} s${c.stride.join('/')} ${c.pad}`, c, i] as const))(
    '%s',
    async (_label, c, i) => {
      const expected = await convGradients('cpu', c, 100 + i * 7);
      const actual = await convGradients('wasm', c, 100 + i * 7);
      expect(relativeMaxDiff(expected.dw, actual.dw)).toBeLessThanOrEqual(1e-4);
      expect(relativeMaxDiff(expected.dx, actual.dx)).toBeLessThanOrEqual(1e-4);
    },
  );

  it('frees every intermediate: no tensors or wasm buffers left behind', async () => {
    await tf.setBackend('wasm');
    const c = CASES[1]!;
    await convGradients('wasm', c, 1);
    const before = tf.memory();
    for (let k = 0; k < 3; k++) await convGradients('wasm', c, 1);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
