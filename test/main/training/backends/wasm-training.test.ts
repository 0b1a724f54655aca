// Every supported layer, activation, loss and optimizer trains on wasm (no "Kernel 'X' not
// registered for backend 'wasm'"), and a whole CNN's gradients on wasm equal the cpu backend's.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../src/main/training/backends/select-backend';

const L = tf.layers;

async function trainsOnce(layers: tf.layers.Layer[], inputShape: number[], loss: string, optimizer: string, y: () => tf.Tensor): Promise<number> {
  const m = tf.sequential({ layers });
  m.compile({ optimizer, loss, metrics: ['accuracy'] });
  const x = tf.randomNormal([8, ...inputShape], 0, 1, 'float32', 3);
  const labels = y();
  const history = await m.fit(x, labels, { epochs: 2, batchSize: 4, verbose: 0 });
  await (m.evaluate(x, labels) as tf.Scalar[])[0]!.data();
  tf.dispose([x, labels]);
  m.dispose();
  return (history.history['loss'] as number[])[1]!;
}

const sparse = (): tf.Tensor => tf.tensor1d([0, 1, 2, 1, 0, 1, 2, 0]);
const binary = (): tf.Tensor => tf.tensor1d([0, 1, 1, 1, 0, 1, 0, 0]);
const oneHot = (): tf.Tensor => tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 1, 2, 0], 'int32'), 3);

describe('training on wasm', () => {
  beforeAll(async () => {
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });

  it('trains conv (strides 1 and 2, valid and same), pooling, BN, dropout and GAP with every optimizer', async () => {
    const cases: Array<[() => tf.layers.Layer[], string, string, () => tf.Tensor]> = [
      [() => [L.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [9, 9, 2] }), L.maxPooling2d({ poolSize: 2 }), L.flatten(), L.dense({ units: 3, activation: 'softmax' })], 'sparseCategoricalCrossentropy', 'adam', sparse],
      [() => [L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu', inputShape: [9, 9, 2] }), L.averagePooling2d({ poolSize: 2 }), L.flatten(), L.dense({ units: 3, activation: 'softmax' })], 'categoricalCrossentropy', 'sgd', oneHot],
      [() => [L.conv2d({ filters: 4, kernelSize: 3, inputShape: [9, 9, 2] }), L.batchNormalization(), L.dropout({ rate: 0.3 }), L.globalAveragePooling2d({}), L.dense({ units: 1, activation: 'sigmoid' })], 'binaryCrossentropy', 'rmsprop', binary],
      [() => [L.conv2d({ filters: 3, kernelSize: 2, strides: 2, activation: 'selu', inputShape: [7, 7, 1] }), L.maxPooling2d({ poolSize: 2, padding: 'same' }), L.flatten(), L.dense({ units: 1 })], 'meanAbsoluteError', 'adagrad', binary],
    ];
    for (const [layers, loss, optimizer, y] of cases) {
      const l = layers();
      const shape = (l[0]!.batchInputShape ?? []).slice(1) as number[];
      expect(Number.isFinite(await trainsOnce(l, shape, loss, optimizer, y))).toBe(true);
    }
  });

  it('trains dense layers with every activation and the regression losses', async () => {
    for (const activation of ['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'gelu', 'linear'] as const) {
      const loss = await trainsOnce([L.dense({ units: 5, activation, inputShape: [6] }), L.dense({ units: 1, activation: 'sigmoid' })], [6], 'binaryCrossentropy', 'adam', binary);
      expect(Number.isFinite(loss)).toBe(true);
    }
    const leaky = await trainsOnce([L.dense({ units: 5, inputShape: [6] }), L.leakyReLU({ alpha: 0.3 }), L.dense({ units: 1 })], [6], 'meanSquaredError', 'adam', binary);
    expect(Number.isFinite(leaky)).toBe(true);
  });

  it("a CNN's whole-model gradients on wasm equal cpu's", async () => {
    const grads = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const m = tf.sequential({
        layers: [
          L.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', inputShape: [12, 12, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          L.maxPooling2d({ poolSize: 2 }),
          L.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
          L.flatten(),
          L.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        ],
      });
      const x = tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', 4);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
      const { grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, m.apply(x) as tf.Tensor));
      const out = await Promise.all(Object.values(g).map(async (t) => (await t.data()) as Float32Array));
      tf.dispose([x, y, ...Object.values(g)]);
      m.dispose();
      return out;
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    expect(wasm.length).toBe(cpu.length);
    cpu.forEach((c, i) => {
      let diff = 0;
      let mag = 1e-3;
      for (let k = 0; k < c.length; k++) {
        diff = Math.max(diff, Math.abs(c[k]! - wasm[i]![k]!));
        mag = Math.max(mag, Math.abs(c[k]!));
      }
      expect(diff / mag).toBeLessThanOrEqual(1e-4);
    });
  });
});
