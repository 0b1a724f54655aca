// Trainbench's recurrent layers: Keras's GRU reset_after=True equations and parameter count, the
// fused backward pass against autodiff, save/reload through tf.loadLayersModel, and no tensor
// leaks over training epochs. Runs on the wasm backend Trainbench trains with.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ResolvedRecurrent } from '../../../../src/shared/spec/resolved-layer';
import { selectBackend } from '../../../../src/main/training/backends/select-backend';
import { createRecurrentLayer } from '../../../../src/main/training/layers/create-recurrent-layer';
import { gruSequence } from '../../../../src/main/training/layers/gru-sequence';
import { lstmSequence, type RecurrentSequenceOptions } from '../../../../src/main/training/layers/lstm-sequence';
import { simpleRnnSequence } from '../../../../src/main/training/layers/simple-rnn-sequence';

function resolved(className: ResolvedRecurrent['className'], units: number, inputShape: number[], extra: Partial<ResolvedRecurrent> = {}): ResolvedRecurrent {
  return {
    className,
    name: className.toLowerCase(),
    index: 1,
    inputShape,
    outputShape: [units],
    params: { trainable: 0, nonTrainable: 0 },
    units,
    activation: 'tanh',
    recurrent_activation: className === 'SimpleRNN' ? null : 'sigmoid',
    use_bias: true,
    return_sequences: false,
    reset_after: true,
    dropout: 0,
    recurrent_dropout: 0,
    ...extra,
  };
}

function model(layer: ResolvedRecurrent, seed = 7): tf.Sequential {
  const m = tf.sequential();
  m.add(createRecurrentLayer(layer, { seed, inputShape: layer.inputShape }));
  m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: tf.train.adam(1e-2), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Keras GRUCell (reset_after=True) written out on plain arrays. */
function kerasGruReference(x: number[][][], kernel: number[][], recurrent: number[][], bias: number[][], u: number): number[][] {
  return x.map((seq) => {
    let h = new Array<number>(u).fill(0);
    for (const xt of seq) {
      const xp = Array.from({ length: 3 * u }, (_, j) => xt.reduce((s, v, i) => s + v * kernel[i]![j]!, 0) + bias[0]![j]!);
      const inner = Array.from({ length: 3 * u }, (_, j) => h.reduce((s, v, i) => s + v * recurrent[i]![j]!, 0) + bias[1]![j]!);
      h = h.map((hPrev, k) => {
        const z = sigmoid(xp[k]! + inner[k]!);
        const r = sigmoid(xp[u + k]! + inner[u + k]!);
        const hh = Math.tanh(xp[2 * u + k]! + r * inner[2 * u + k]!);
        return z * hPrev + (1 - z) * hh;
      });
    }
    return h;
  });
}

describe('recurrent layers', () => {
  beforeAll(async () => {
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });

  it('GRU reset_after=True has Keras weight shapes and 3·(u·(i+u)+2u) parameters', () => {
    const m = model(resolved('GRU', 16, [5, 3]));
    const gru = m.layers[0]!;
    expect(gru.getClassName()).toBe('TrainbenchGRU');
    expect(gru.weights.map((w) => [w.name, w.shape])).toEqual([
      ['gru/kernel', [3, 48]],
      ['gru/recurrent_kernel', [16, 48]],
      ['gru/bias', [2, 48]],
    ]);
    expect(gru.countParams()).toBe(3 * (16 * (3 + 16) + 2 * 16));
    m.dispose();
  });

  it('LSTM and SimpleRNN match Keras parameter counts and LSTM starts with unit_forget_bias', () => {
    const lstm = model(resolved('LSTM', 8, [4, 3]));
    expect(lstm.layers[0]!.countParams()).toBe(4 * (8 * (3 + 8) + 8));
    const bias = Array.from(lstm.layers[0]!.getWeights()[2]!.dataSync());
    expect(bias.slice(8, 16)).toEqual(new Array(8).fill(1));
    expect(bias.filter((v) => v !== 0).length).toBe(8);
    const rnn = model(resolved('SimpleRNN', 32, [10, 8]));
    expect(rnn.layers[0]!.countParams()).toBe(1312);
    lstm.dispose();
    rnn.dispose();
  });

  it('GRU forward equals the Keras reset_after=True equations', () => {
    const u = 4;
    const m = model(resolved('GRU', u, [3, 2]), 3);
    const gru = m.layers[0]!;
    const bias = tf.randomUniform([2, 3 * u], -0.5, 0.5, 'float32', 5);
    gru.setWeights([gru.getWeights()[0]!, gru.getWeights()[1]!, bias]);
    const x = tf.randomNormal([2, 3, 2], 0, 1, 'float32', 11);
    const out = gru.apply(x) as tf.Tensor;
    const [kernel, recurrent, b] = gru.getWeights().map((w) => w.arraySync() as number[][]);
    const expected = kerasGruReference(x.arraySync() as number[][][], kernel!, recurrent!, b!, u);
    const actual = out.arraySync() as number[][];
    for (let s = 0; s < 2; s++) for (let k = 0; k < u; k++) expect(actual[s]![k]!).toBeCloseTo(expected[s]![k]!, 5);
    tf.dispose([bias, x, out]);
    m.dispose();
  });

  it.each([
    ['GRU', gruSequence, 3, [2, 18]],
    ['LSTM', lstmSequence, 4, [24]],
    ['SimpleRNN', simpleRnnSequence, 1, [6]],
  ] as const)('%s fused gradients equal autodiff of the step-by-step graph', (_name, fn, gates, biasShape) => {
    for (const returnSequences of [false, true]) {
      const [b, t, i, u] = [3, 5, 4, 6];
      const x = tf.randomNormal<tf.Rank.R3>([b, t, i], 0, 1, 'float32', 1);
      const w = tf.randomNormal<tf.Rank.R2>([i, gates * u], 0, 0.5, 'float32', 2);
      const r = tf.randomNormal<tf.Rank.R2>([u, gates * u], 0, 0.5, 'float32', 3);
      const bias = tf.randomNormal([...biasShape], 0, 0.5, 'float32', 4);
      const weights = tf.randomNormal(returnSequences ? [b, t, u] : [b, u], 0, 1, 'float32', 9);
      // A mask of ones makes the layer take its unfused, autodiff path with identical maths.
      const ones = tf.ones([b, u]);
      const loss = (fused: boolean) => (xx: tf.Tensor, ww: tf.Tensor, rr: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
        const o: RecurrentSequenceOptions = { activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences, recurrentMask: fused ? null : ones };
        const y = (fn as (...a: unknown[]) => tf.Tensor)(xx, ww, rr, bb, o);
        return tf.sum(tf.mul(y, weights));
      };
      const fused = tf.grads(loss(true))([x, w, r, bias]);
      const reference = tf.grads(loss(false))([x, w, r, bias]);
      fused.forEach((g, k) => {
        const diff = tf.max(tf.abs(tf.sub(g, reference[k]!))).dataSync()[0]!;
        const scale = Math.max(1, tf.max(tf.abs(reference[k]!)).dataSync()[0]!);
        expect(diff / scale).toBeLessThan(1e-5);
      });
      tf.dispose([x, w, r, bias, weights, ones, ...fused, ...reference]);
    }
  });

  it('an exported GRU/LSTM model reloads with tf.loadLayersModel and predicts the same', async () => {
    for (const kind of ['GRU', 'LSTM', 'SimpleRNN'] as const) {
      const m = model(resolved(kind, 5, [4, 3]));
      const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 3);
      const before = m.predict(x) as tf.Tensor;
      let artifacts: tf.io.ModelArtifacts | null = null;
      await m.save(tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
      expect(reloaded.layers[0]!.getClassName()).toBe(`Trainbench${kind}`);
      const after = reloaded.predict(x) as tf.Tensor;
      expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
      tf.dispose([x, before, after]);
      m.dispose();
      reloaded.dispose();
    }
  });

  it('trains on wasm with no tensor leak across epochs (dropout and recurrent dropout on)', async () => {
    const x = tf.randomNormal([64, 6, 4], 0, 1, 'float32', 21);
    // Learnable target: the sign of the summed first feature.
    const y = tf.tidy(() => tf.cast(tf.greater(tf.sum(tf.slice(x, [0, 0, 0], [64, 6, 1]), [1, 2]), 0), 'float32'));
    for (const layer of [
      resolved('GRU', 8, [6, 4]),
      resolved('LSTM', 8, [6, 4], { dropout: 0.2, recurrent_dropout: 0.2 }),
      resolved('SimpleRNN', 8, [6, 4], { return_sequences: false }),
      resolved('GRU', 8, [6, 4], { reset_after: false }),
    ]) {
      const m = model(layer);
      const counts: number[] = [];
      const history = await m.fit(x, y, {
        epochs: 4,
        batchSize: 16,
        verbose: 0,
        callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
      });
      expect(new Set(counts.slice(1)).size).toBe(1);
      const losses = history.history['loss'] as number[];
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      m.dispose();
    }
    tf.dispose([x, y]);
  });
});
