// Structural schema of a ModelSpec for the API edge and for files read from disk.
// It checks the envelope only; layer arguments are checked (with fixes named) by the spec validator.
import { z } from 'zod';
import {
  LAYER_CLASS_NAMES,
  LOSSES,
  METRICS,
  MODEL_SPEC_FORMAT,
  MODEL_SPEC_VERSION,
  OPTIMIZERS,
  type ModelSpec,
} from './model-spec';

const positiveInt = z.number().int().positive();

export const layerSpecSchema = z.object({
  className: z.enum(LAYER_CLASS_NAMES),
  name: z.string().min(1).optional(),
  args: z.record(z.string(), z.unknown()),
});

export const modelSpecSchema = z.object({
  format: z.literal(MODEL_SPEC_FORMAT),
  version: z.literal(MODEL_SPEC_VERSION),
  name: z.string().min(1),
  input_shape: z.array(positiveInt).min(1).max(3),
  layers: z.array(layerSpecSchema),
  compile: z.object({
    optimizer: z.object({
      name: z.enum(OPTIMIZERS),
      learning_rate: z.number().positive(),
      momentum: z.number().min(0).max(1).optional(),
    }),
    loss: z.enum(LOSSES),
    metrics: z.array(z.enum(METRICS)),
  }),
  fit: z.object({
    epochs: positiveInt,
    batch_size: positiveInt,
    validation_split: z.number().min(0).lt(1),
    shuffle: z.boolean(),
    seed: z.number().int().nonnegative(),
  }),
}) satisfies z.ZodType<ModelSpec>;
