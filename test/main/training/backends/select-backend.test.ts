// The backend ladder on a machine without tfjs-node: requests for the native backends fall back
// to wasm with a one-line reason, explicit wasm and cpu are honoured, nothing throws.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { probeBackends, selectBackend } from '../../../../src/main/training/backends/select-backend';
import { isInstalled } from '../../../../src/main/training/backends/optional-packages';
import { wasmDistDir } from '../../../../src/main/training/backends/wasm-setup';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

describe('selectBackend', () => {
  it('honours explicit wasm and cpu requests and reports what it got', async () => {
    const wasm = await selectBackend('wasm');
    expect(wasm).toMatchObject({ backend: 'wasm', backendPackage: '@tensorflow/tfjs-backend-wasm', gpu: false });
    expect(wasm.threads).toBeGreaterThanOrEqual(1);
    expect(wasm.device).toMatch(/^wasm/);
    expect(wasm.fallbackReason).toBeUndefined();
    expect(tf.getBackend()).toBe('wasm');
    const cpu = await selectBackend('cpu');
    expect(cpu).toMatchObject({ backend: 'cpu', backendPackage: '@tensorflow/tfjs-backend-cpu', threads: 1 });
    expect(tf.getBackend()).toBe('cpu');
  });

  it.runIf(!isInstalled('@tensorflow/tfjs-node') && !isInstalled('@tensorflow/tfjs-node-gpu'))(
    'falls back from gpu and tensorflow to wasm with a one-line reason when the native packages are absent',
    async () => {
      for (const request of ['gpu', 'tensorflow'] as const) {
        const s = await selectBackend(request);
        expect(s.backend).toBe('wasm');
        expect(s.fallbackReason).toMatch(new RegExp(`^${request} was requested but .*not installed.*; using wasm`));
        expect(s.fallbackReason).not.toContain('\n');
      }
      const auto = await selectBackend('auto');
      expect(auto.backend).toBe('wasm');
      expect(auto.fallbackReason).toBeUndefined();
    },
  );

  it('points wasm at the installed package dist dir holding the three .wasm binaries (no network)', () => {
    const dir = wasmDistDir();
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
  });

  it('probes every rung without changing the active backend', async () => {
    await selectBackend('cpu');
    const probe = await probeBackends();
    expect(probe.map((p) => p.request)).toEqual(['gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(probe.find((p) => p.request === 'wasm')?.available).toBe(true);
    expect(probe.find((p) => p.request === 'cpu')?.available).toBe(true);
    for (const p of probe) if (!p.available) expect(p.reason).toBeTruthy();
    expect(tf.getBackend()).toBe('cpu');
  });
});
