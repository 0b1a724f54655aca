// Trains a workload's model with Trainbench's own parts (resolveModel → buildModel, the
// trainer's batch layout, trainOnBatch) on the active backend and times it; also the short
// pure-JS cpu measurement that shows what the wasm kernels are worth.
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../src/main/datasets/index';
import { buildModel } from '../src/main/training/model-builder';
import { labelLayout, labelTensor, type LabelLayout } from '../src/main/training/compile-model';
import type { ResolvedModel } from '../src/shared/spec/resolve-model';
import type { BenchData } from './bench-data';

export interface TrainTiming {
  samplesPerSecond: number;
  seconds: number;
  testAccuracy: number | null;
  finalLoss: number;
}

export interface InitialWeight {
  shape: number[];
  values: Float32Array;
}

function outputUnits(resolved: ResolvedModel): number {
  const last = resolved.layers[resolved.layers.length - 1];
  return last?.outputShape[last.outputShape.length - 1] ?? 1;
}

function layoutOf(resolved: ResolvedModel): LabelLayout {
  return labelLayout(resolved.spec.compile.loss, outputUnits(resolved));
}

function batchOf(split: Split, start: number, end: number, layout: LabelLayout): [tf.Tensor, tf.Tensor] {
  const size = split.sampleShape.reduce((a, b) => a * b, 1);
  const xs = tf.tensor(split.x.slice(start * size, end * size), [end - start, ...split.sampleShape]);
  const idx = Uint32Array.from({ length: end - start }, (_, i) => start + i);
  return [xs, labelTensor(split.y, layout, idx)];
}

async function accuracy(model: tf.LayersModel, test: Split, units: number): Promise<number> {
  let correct = 0;
  const size = test.sampleShape.reduce((a, b) => a * b, 1);
  for (let start = 0; start < test.count; start += 256) {
    const end = Math.min(test.count, start + 256);
    const pred = tf.tidy(() => {
      const out = model.predict(tf.tensor(test.x.slice(start * size, end * size), [end - start, ...test.sampleShape])) as tf.Tensor;
      return units > 1 ? tf.argMax(out, 1) : tf.cast(tf.greater(tf.reshape(out, [-1]), 0.5), 'int32');
    });
    const values = await pred.data();
    pred.dispose();
    values.forEach((p, i) => {
      if (p === Math.round(test.y[start + i]!)) correct++;
    });
  }
  return correct / test.count;
}

/** Builds the model, hands back its initial weights (for the peer), trains and evaluates it. */
export async function trainWithTrainbench(
  resolved: ResolvedModel,
  data: BenchData,
  opts: { seed: number; batchSize: number; epochs: number },
  onInitialWeights: (weights: InitialWeight[]) => Promise<void>,
): Promise<TrainTiming> {
  const model = buildModel(resolved, opts.seed);
  await onInitialWeights(await Promise.all(model.getWeights().map(async (w) => ({ shape: w.shape, values: (await w.data()) as Float32Array }))));
  const layout = layoutOf(resolved);
  const { train } = data;
  let t0 = 0;
  let timed = 0;
  let finalLoss = NaN;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let start = 0; start < train.count; start += opts.batchSize) {
      const end = Math.min(train.count, start + opts.batchSize);
      const [xs, ys] = batchOf(train, start, end, layout);
      const out = await model.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
      finalLoss = Array.isArray(out) ? out[0]! : out;
      // The first batch builds kernels and caches; time from its end, as the peer does.
      if (t0 === 0) t0 = performance.now();
      else timed += end - start;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const testAccuracy = await accuracy(model, data.test, outputUnits(resolved));
  model.dispose();
  return { samplesPerSecond: timed / seconds, seconds, testAccuracy, finalLoss };
}

/** A few batches on the active backend (meant for 'cpu'), after a 2-sample warm-up batch. */
export async function timeFewBatches(resolved: ResolvedModel, train: Split, opts: { seed: number; batchSize: number; batches: number }): Promise<TrainTiming> {
  const model = buildModel(resolved, opts.seed);
  const layout = layoutOf(resolved);
  const [wx, wy] = batchOf(train, 0, Math.min(2, train.count), layout);
  await model.trainOnBatch(wx, wy);
  tf.dispose([wx, wy]);
  const t0 = performance.now();
  let samples = 0;
  let finalLoss = NaN;
  for (let b = 0; b < opts.batches; b++) {
    const start = (b * opts.batchSize) % Math.max(1, train.count - opts.batchSize);
    const end = Math.min(train.count, start + opts.batchSize);
    const [xs, ys] = batchOf(train, start, end, layout);
    const out = await model.trainOnBatch(xs, ys);
    tf.dispose([xs, ys]);
    finalLoss = Array.isArray(out) ? out[0]! : out;
    samples += end - start;
  }
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  return { samplesPerSecond: samples / seconds, seconds, testAccuracy: null, finalLoss };
}
