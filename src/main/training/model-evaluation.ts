// Scores a trained model on a split: loss and metrics the way tfjs computes them during training,
// plus, for classifiers, the confusion matrix and per-class accuracy, and a few test samples with
// their predictions for the UI's image grid. Everything runs in bounded chunks and is disposed.
import * as tf from '@tensorflow/tfjs';
import type { TestSample } from '../../shared/api/channels/runs-channels';
import type { DatasetDescriptor, Evaluation } from '../../shared/run/run-types';
import type { MetricName } from '../../shared/spec/model-spec';
import type { Split } from '../datasets/dataset-types';
import { labelTensor, type LabelLayout } from './compile-model';

const CHUNK = 512;

function chunkTensors(split: Split, start: number, end: number, layout: LabelLayout): { x: tf.Tensor; y: tf.Tensor } {
  const size = split.sampleShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(split.x.slice(start * size, end * size), [end - start, ...split.sampleShape]);
  const y = labelTensor(split.y.subarray(start, end), layout);
  return { x, y };
}

/** Loss and metrics over the whole split, weighted by chunk size (as Keras's evaluate). */
export async function scoreSplit(
  model: tf.LayersModel,
  split: Split,
  layout: LabelLayout,
  metricNames: readonly MetricName[],
  batchSize: number,
): Promise<Record<string, number>> {
  const sums = new Float64Array(1 + metricNames.length);
  for (let start = 0; start < split.count; start += CHUNK) {
    const end = Math.min(split.count, start + CHUNK);
    const { x, y } = chunkTensors(split, start, end, layout);
    const out = model.evaluate(x, y, { batchSize });
    const scalars = Array.isArray(out) ? out : [out];
    for (let i = 0; i < scalars.length && i < sums.length; i++) sums[i]! += (await scalars[i]!.data())[0]! * (end - start);
    tf.dispose([x, y, ...scalars]);
  }
  const logs: Record<string, number> = { loss: sums[0]! / Math.max(1, split.count) };
  metricNames.forEach((name, i) => (logs[name] = sums[i + 1]! / Math.max(1, split.count)));
  return logs;
}

/** Predicted class per sample: argmax, or p > 0.5 for a single sigmoid output. */
export async function predictClasses(model: tf.LayersModel, split: Split, batchSize: number): Promise<Int32Array> {
  const out = new Int32Array(split.count);
  const size = split.sampleShape.reduce((a, b) => a * b, 1);
  for (let start = 0; start < split.count; start += CHUNK) {
    const end = Math.min(split.count, start + CHUNK);
    const classes = tf.tidy(() => {
      const x = tf.tensor(split.x.subarray(start * size, end * size), [end - start, ...split.sampleShape]);
      const p = model.predict(x, { batchSize }) as tf.Tensor;
      const width = p.shape[p.shape.length - 1] ?? 1;
      return width === 1 ? tf.greater(p.reshape([-1]), 0.5).toInt() : tf.argMax(p, -1).toInt();
    });
    out.set(await classes.data(), start);
    classes.dispose();
  }
  return out;
}

export function confusionMatrix(trueLabels: Float32Array, predicted: Int32Array, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < predicted.length; i++) {
    const t = Math.round(trueLabels[i]!);
    const p = predicted[i]!;
    if (t >= 0 && t < numClasses && p >= 0 && p < numClasses) m[t]![p]! += 1;
  }
  return m;
}

export function perClassAccuracy(matrix: number[][]): number[] {
  return matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : row[i]! / total;
  });
}

export interface EvaluationResult {
  evaluation: Evaluation;
  /** Predicted classes (classifiers only), for the sample grid. */
  predicted: Int32Array | null;
}

export async function evaluateModel(
  model: tf.LayersModel,
  split: Split,
  layout: LabelLayout,
  metricNames: readonly MetricName[],
  descriptor: DatasetDescriptor,
  batchSize: number,
): Promise<EvaluationResult> {
  const logs = await scoreSplit(model, split, layout, metricNames, batchSize);
  const { loss, ...metrics } = logs;
  const evaluation: Evaluation = { loss: loss!, metrics };
  const classes = descriptor.numClasses;
  if (classes < 2) return { evaluation, predicted: null };
  const predicted = await predictClasses(model, split, batchSize);
  const matrix = confusionMatrix(split.y, predicted, classes);
  evaluation.confusionMatrix = matrix;
  evaluation.perClassAccuracy = perClassAccuracy(matrix);
  evaluation.classNames = descriptor.classNames.length === classes ? descriptor.classNames : Array.from({ length: classes }, (_, i) => String(i));
  return { evaluation, predicted };
}

/**
 * Up to `count` test samples as 0..255 pixels with true and predicted labels, spread evenly over
 * the split. Only for image datasets ([h, w] or [h, w, 1|3] samples); null otherwise.
 */
export function pickSamples(split: Split, predicted: Int32Array, descriptor: DatasetDescriptor, count = 24): TestSample[] | null {
  if (descriptor.kind !== 'fashion-mnist' && descriptor.kind !== 'mnist' && descriptor.kind !== 'image-folder') return null;
  const s = split.sampleShape;
  const shape: [number, number, number] | null =
    s.length === 2 ? [s[0]!, s[1]!, 1] : s.length === 3 && (s[2] === 1 || s[2] === 3) ? [s[0]!, s[1]!, s[2]] : null;
  if (!shape || split.count === 0) return null;
  const size = shape[0] * shape[1] * shape[2];
  const scaled = /255/.test(descriptor.normalization);
  const n = Math.min(count, split.count);
  const samples: TestSample[] = [];
  for (let k = 0; k < n; k++) {
    const i = Math.floor((k * split.count) / n);
    const raw = split.x.subarray(i * size, (i + 1) * size);
    let lo = 0;
    let hi = 1;
    if (!scaled) {
      lo = Infinity;
      hi = -Infinity;
      for (const v of raw) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const span = hi - lo || 1;
    const pixels = Array.from(raw, (v) => Math.max(0, Math.min(255, Math.round(((v - lo) / span) * 255))));
    samples.push({ pixels, shape, trueLabel: Math.round(split.y[i]!), predictedLabel: predicted[i]! });
  }
  return samples;
}
