// LSTM and GRU (Keras's reset_after=True) read Fashion-MNIST images as 28 time steps of 28 pixels
// and learn: well above the 10 % of chance on held-out test images after two short epochs.
import { afterAll, describe, expect, it } from 'vitest';
import { runSessionInProcess } from '../../../src/main/training/training-session';
import { removeTempDirs, tempDir, template } from './training-fixtures';

afterAll(removeTempDirs);

describe.each(['lstm-fashion', 'gru-fashion'] as const)('%s', (id) => {
  it('beats chance clearly on Fashion-MNIST rows', async () => {
    const spec = template(id, { epochs: 2, batch_size: 32, validation_split: 0 }, { optimizer: { name: 'adam', learning_rate: 0.003 } });
    const t0 = performance.now();
    const { messages, ended } = await runSessionInProcess(
      { runId: id, spec, dataset: { kind: 'fashion-mnist' }, datasetOptions: { limit: 1000, testLimit: 300 }, backend: 'wasm', checkpoints: 'none', trainbenchVersion: 'test' },
      tempDir(),
    );
    expect(ended.status).toBe('finished');
    const evaluation = messages.flatMap((m) => (m.kind === 'event' && m.event.type === 'evaluation' ? [m.event.evaluation] : []))[0]!;
    const epoch = messages.flatMap((m) => (m.kind === 'event' && m.event.type === 'epoch' ? [m.event] : []))[0]!;
    console.info(`${id}: test accuracy ${evaluation.metrics.accuracy!.toFixed(3)}, ${epoch.samplesPerSecond.toFixed(0)} samples/s, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(evaluation.metrics.accuracy).toBeGreaterThan(0.5);
  });
});
