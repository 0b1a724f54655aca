// The bench's workloads: which template, which data, how much of it and for how long. Subsets keep
// the default bench near 10 minutes on 2 cores; `quick` shrinks them further for a smoke run.
import type { DatasetSource } from '../src/shared/dataset/dataset-source';
import type { TemplateId } from '../src/shared/spec/templates';

export const WORKLOAD_IDS = ['fashion-cnn', 'lstm-fashion', 'gru-fashion', 'reference-cnn', 'reference-rnn'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export interface Workload {
  id: WorkloadId;
  title: string;
  template: TemplateId;
  source: DatasetSource;
  /** Training samples (a subset of the dataset) and test samples; null test = evaluate on train. */
  trainSamples: number;
  testSamples: number | null;
  epochs: number;
  /** Batch size and number of timed batches for the pure-JS cpu backend comparison. */
  cpuBatch: number;
  cpuBatches: number;
}

export function workloads(quick: boolean): Workload[] {
  const fashion: DatasetSource = { kind: 'fashion-mnist' };
  return [
    { id: 'fashion-cnn', title: 'Fashion CNN 28×28×1', template: 'fashion-cnn', source: fashion, trainSamples: quick ? 1024 : 4096, testSamples: quick ? 500 : 2000, epochs: 1, cpuBatch: 32, cpuBatches: 1 },
    { id: 'lstm-fashion', title: 'LSTM(128) over Fashion rows', template: 'lstm-fashion', source: fashion, trainSamples: quick ? 1024 : 4096, testSamples: quick ? 500 : 2000, epochs: 1, cpuBatch: 32, cpuBatches: quick ? 2 : 4 },
    { id: 'gru-fashion', title: 'GRU(128) over Fashion rows', template: 'gru-fashion', source: fashion, trainSamples: quick ? 1024 : 4096, testSamples: quick ? 500 : 2000, epochs: 1, cpuBatch: 32, cpuBatches: quick ? 2 : 4 },
    // Random images and labels: accuracy is meaningless here, only speed is compared.
    { id: 'reference-cnn', title: 'Reference CNN 64×64×3 (random data)', template: 'reference-cnn', source: { kind: 'random', samples: quick ? 256 : 1024 }, trainSamples: quick ? 256 : 1024, testSamples: null, epochs: 1, cpuBatch: quick ? 2 : 4, cpuBatches: 1 },
    // The seed's 100×10×8 normal data with binary labels; 20 epochs so the timing means something.
    { id: 'reference-rnn', title: 'Reference RNN (SimpleRNN 10×8, seed data)', template: 'reference-rnn', source: { kind: 'random', samples: 100 }, trainSamples: 100, testSamples: null, epochs: quick ? 5 : 20, cpuBatch: 32, cpuBatches: quick ? 8 : 16 },
  ];
}
