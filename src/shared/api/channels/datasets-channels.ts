// datasets:* — the built-in datasets and a look at a user's CSV or image folder before training.
import { z } from 'zod';
import { datasetOptionsSchema, datasetSourceSchema } from '../../dataset/dataset-source';
import type { DatasetDescriptor } from '../../run/run-types';

export interface BuiltinDataset {
  kind: 'fashion-mnist' | 'mnist' | 'random';
  name: string;
  available: boolean;
  /** Why not, and how to get it (e.g. apt-get install dataset-fashion-mnist). */
  reason?: string;
  inputShape: number[];
  numClasses: number;
  trainSize: number;
  testSize: number;
}

export const datasetsRequests = {
  'datasets:list': z.object({}).strict(),
  'datasets:inspect': z
    .object({ source: datasetSourceSchema, options: datasetOptionsSchema.optional(), inputShape: z.array(z.number().int().positive()).optional() })
    .strict(),
} as const;

export interface DatasetsResults {
  'datasets:list': BuiltinDataset[];
  /** The descriptor the data would have; `fits` says whether it fits the given input shape and, if not, the fix. */
  'datasets:inspect': { descriptor: DatasetDescriptor; fits: boolean; message?: string };
}
