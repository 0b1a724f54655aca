// runs:* — the run database: list, detail, series for charts, edits, comparison.
import { z } from 'zod';
import { RUN_STATUSES, type RunDetail, type RunSummary } from '../../run/run-types';

export const RUN_SORT_KEYS = ['startedAt', 'name', 'status', 'modelName', 'datasetName', 'backend', 'bestMetric', 'durationMs'] as const;

export const runQuerySchema = z
  .object({
    sortBy: z.enum(RUN_SORT_KEYS).default('startedAt'),
    sortDir: z.enum(['asc', 'desc']).default('desc'),
    status: z.array(z.enum(RUN_STATUSES)).optional(),
    tag: z.string().optional(),
    dataset: z.string().optional(),
    model: z.string().optional(),
    search: z.string().optional(),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().positive().max(10_000).default(100),
  })
  .strict();
export type RunQuery = z.input<typeof runQuerySchema>;

export interface SeriesData {
  name: string;
  scope: 'batch' | 'epoch';
  step: number[];
  epoch: number[];
  value: number[];
  /** Present when decimated: per-bucket min and max, so spikes stay visible. */
  min?: number[];
  max?: number[];
}

export interface SettingDifference {
  /** Dotted path, e.g. 'compile.optimizer.learning_rate', 'layers[2].args.units', 'dataset.name'. */
  key: string;
  /** One value per compared run, in the order asked. */
  values: unknown[];
  differs: boolean;
}

export interface CompareResult {
  runs: RunDetail[];
  settings: SettingDifference[];
  /** Metric name -> one final value per run (null where a run lacks it) and the index of the best. */
  finalMetrics: { name: string; values: (number | null)[]; best: number | null }[];
}

export interface TestSample {
  /** Row-major pixels in 0..255, shape [h, w, c]. */
  pixels: number[];
  shape: [number, number, number];
  trueLabel: number;
  predictedLabel: number;
}

export const runsRequests = {
  'runs:list': runQuerySchema,
  'runs:get': z.object({ id: z.string().min(1) }).strict(),
  'runs:series': z
    .object({
      runId: z.string().min(1),
      names: z.array(z.string()).min(1),
      scope: z.enum(['batch', 'epoch']),
      /** Decimate to this many buckets; absent means the full series. */
      buckets: z.number().int().positive().max(100_000).optional(),
    })
    .strict(),
  'runs:update': z
    .object({
      id: z.string().min(1),
      name: z.string().min(1).max(200).optional(),
      tags: z.array(z.string().min(1).max(64)).max(32).optional(),
      notes: z.string().max(100_000).optional(),
    })
    .strict(),
  'runs:delete': z.object({ ids: z.array(z.string().min(1)).min(1) }).strict(),
  'runs:compare': z.object({ ids: z.array(z.string().min(1)).min(2).max(10) }).strict(),
  'runs:samples': z.object({ runId: z.string().min(1), count: z.number().int().positive().max(100).default(24) }).strict(),
} as const;

export interface RunsResults {
  'runs:list': { rows: RunSummary[]; total: number };
  'runs:get': RunDetail;
  'runs:series': SeriesData[];
  'runs:update': RunSummary;
  'runs:delete': { deleted: number };
  'runs:compare': CompareResult;
  'runs:samples': { samples: TestSample[]; classNames: string[] };
}
