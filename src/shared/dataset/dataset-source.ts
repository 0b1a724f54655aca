// How a person names the data to train on, before anything is loaded. The Node side turns a
// DatasetSource into tensors (src/main/datasets); the UI and the CLI only build these objects.
import { z } from 'zod';

export const datasetSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['fashion-mnist', 'mnist']),
    /** Folder with the four IDX files; default /usr/share/datasets/fashion-mnist (Debian). */
    dir: z.string().optional(),
  }),
  z.object({
    kind: z.literal('random'),
    /** Sample count; the seed's example uses 100. */
    samples: z.number().int().positive().optional(),
  }),
  z.object({
    kind: z.literal('csv'),
    path: z.string().min(1),
    /** Column holding the label; default the last column. */
    labelColumn: z.string().optional(),
    /** Rows per sequence window for recurrent models; absent means one row per sample. */
    window: z.number().int().positive().optional(),
  }),
  z.object({
    kind: z.literal('image-folder'),
    path: z.string().min(1),
  }),
]);
export type DatasetSource = z.infer<typeof datasetSourceSchema>;

/** Options that reshape any dataset to fit a model. */
export const datasetOptionsSchema = z.object({
  /** Resize images to [height, width]. */
  resize: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
  /** Convert images to 1 (grey) or 3 (RGB) channels. */
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  /** Use at most this many training samples (validation is then split from them). */
  limit: z.number().int().positive().optional(),
  /** Use at most this many test samples (a fixed subset, the same for every seed). */
  testLimit: z.number().int().positive().optional(),
});
export type DatasetOptions = z.infer<typeof datasetOptionsSchema>;
