// training:* — start and stop runs. Progress arrives as 'training:event' events.
import { z } from 'zod';
import { datasetOptionsSchema, datasetSourceSchema } from '../../dataset/dataset-source';
import { modelSpecSchema } from '../../spec/model-spec-schema';

export const trainingOptionsSchema = z
  .object({
    backend: z.enum(['auto', 'gpu', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    name: z.string().max(200).optional(),
    tags: z.array(z.string().min(1).max(64)).max(32).optional(),
    /** Keep weights at the end of each epoch ('every') or only the best by val metric ('best'). */
    checkpoints: z.enum(['none', 'every', 'best']).default('best'),
  })
  .strict();
export type TrainingOptions = z.input<typeof trainingOptionsSchema>;

export const trainingRequests = {
  'training:start': z
    .object({
      spec: modelSpecSchema,
      dataset: datasetSourceSchema,
      datasetOptions: datasetOptionsSchema.optional(),
      options: trainingOptionsSchema.optional(),
    })
    .strict(),
  'training:stop': z.object({ runId: z.string().min(1) }).strict(),
  'training:resume': z.object({ runId: z.string().min(1), epochs: z.number().int().positive().optional() }).strict(),
  'training:active': z.object({}).strict(),
} as const;

export interface TrainingResults {
  'training:start': { runId: string };
  'training:stop': { stopping: boolean };
  'training:resume': { runId: string };
  'training:active': { runIds: string[] };
}
