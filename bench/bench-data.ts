// Loads a workload's data once, in a fixed seeded order, so Trainbench and the PyTorch peer see
// the same samples in the same order (no shuffling on either side during the run).
import { loadDataset } from '../src/main/datasets/index';
import type { Split } from '../src/main/datasets/index';
import type { LossName } from '../src/shared/spec/model-spec';
import type { Workload } from './bench-workloads';

export interface BenchData {
  train: Split;
  test: Split;
  /** True when test is the training set (random data has no test split). */
  testIsTrain: boolean;
}

function take(split: Split, count: number): Split {
  const n = Math.min(count, split.count);
  const size = split.sampleShape.reduce((a, b) => a * b, 1);
  return { x: split.x.slice(0, n * size), y: split.y.slice(0, n), count: n, sampleShape: split.sampleShape };
}

/** Seeded Fisher–Yates over whole samples. */
function shuffled(split: Split, seed: number): Split {
  const size = split.sampleShape.reduce((a, b) => a * b, 1);
  const order = Array.from({ length: split.count }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = order.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const x = new Float32Array(split.x.length);
  const y = new Float32Array(split.count);
  order.forEach((from, to) => {
    x.set(split.x.subarray(from * size, (from + 1) * size), to * size);
    y[to] = split.y[from]!;
  });
  return { ...split, x, y };
}

export async function loadBenchData(w: Workload, inputShape: number[], loss: LossName, seed: number): Promise<BenchData> {
  const loaded = await loadDataset(w.source, {
    seed,
    validationSplit: 0,
    inputShape,
    loss,
    limit: w.trainSamples,
    ...(w.testSamples ? { testLimit: w.testSamples } : {}),
  });
  const train = shuffled(take(loaded.train, w.trainSamples), seed);
  if (w.testSamples && loaded.test) return { train, test: take(loaded.test, w.testSamples), testIsTrain: false };
  return { train, test: train, testIsTrain: true };
}
