// Every optimizer and loss of the spec language trains: Keras-default optimizers with the spec's
// learning rate, and labels laid out per loss (indices, one-hot for categorical CE, 0/1 columns).
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { labelLayout, labelTensor } from '../../../src/main/training/compile-model';
import { runSessionInProcess } from '../../../src/main/training/training-session';
import type { LossName, OptimizerSpec } from '../../../src/shared/spec/model-spec';
import { customSpec, removeTempDirs, tempDir } from './training-fixtures';

afterAll(removeTempDirs);

async function trainLosses(optimizer: OptimizerSpec, loss: LossName, units: number, activation: string): Promise<number[]> {
  const spec = customSpec('tiny', [10, 8], [
    { className: 'GRU', args: { units: 8 } },
    { className: 'Dense', args: { units, activation } },
  ], { epochs: 4, batch_size: 20 }, { optimizer, loss });
  const { messages, ended } = await runSessionInProcess(
    { runId: 'c', spec, dataset: { kind: 'random', samples: 100 }, datasetOptions: {}, backend: 'wasm', checkpoints: 'none', trainbenchVersion: 'test' },
    tempDir(),
  );
  expect(ended.status, ended.reason ?? '').toBe('finished');
  return messages.flatMap((m) => (m.kind === 'event' && m.event.type === 'epoch' ? [m.event.logs.loss!] : []));
}

describe('compile', () => {
  it.each<[string, OptimizerSpec]>([
    ['adam', { name: 'adam', learning_rate: 0.01 }],
    ['sgd with momentum', { name: 'sgd', learning_rate: 0.1, momentum: 0.9 }],
    ['rmsprop', { name: 'rmsprop', learning_rate: 0.01 }],
    ['adagrad', { name: 'adagrad', learning_rate: 0.1 }],
  ])('%s lowers the training loss', async (_, optimizer) => {
    const losses = await trainLosses(optimizer, 'binary_crossentropy', 1, 'sigmoid');
    expect(losses).toHaveLength(4);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });

  it.each<[LossName, number, string]>([
    ['sparse_categorical_crossentropy', 2, 'softmax'],
    ['categorical_crossentropy', 2, 'softmax'],
    ['mse', 1, 'sigmoid'],
    ['mae', 1, 'sigmoid'],
  ])('%s trains on class labels', async (loss, units, activation) => {
    const losses = await trainLosses({ name: 'adam', learning_rate: 0.01 }, loss, units, activation);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });

  it('lays labels out per loss', async () => {
    const y = Float32Array.from([2, 0, 1]);
    expect(labelLayout('sparse_categorical_crossentropy', 3)).toEqual({ kind: 'index' });
    const oneHot = labelTensor(y, labelLayout('categorical_crossentropy', 3), [0, 2]);
    expect(oneHot.shape).toEqual([2, 3]);
    expect(Array.from(await oneHot.data())).toEqual([0, 0, 1, 0, 1, 0]);
    const column = labelTensor(y, labelLayout('binary_crossentropy', 1));
    expect(column.shape).toEqual([3, 1]);
    expect(Array.from(await column.data())).toEqual([2, 0, 1]);
    tf.dispose([oneHot, column]);
  });
});
