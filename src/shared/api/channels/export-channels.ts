// export:* — a trained run out to formats other tools load.
import { z } from 'zod';

export const EXPORT_FORMATS = ['tfjs', 'onnx', 'keras', 'code', 'card', 'csv', 'json', 'bundle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportRequests = {
  'export:run': z
    .object({
      runId: z.string().min(1),
      format: z.enum(EXPORT_FORMATS),
      /** Where to write; absent means artifacts/<run-id>/exports/ under the data dir. */
      outPath: z.string().min(1).optional(),
      force: z.boolean().default(false),
    })
    .strict(),
} as const;

export interface ExportResult {
  format: ExportFormat;
  /** Absolute path of the file or folder written. */
  path: string;
  bytes: number;
  /** Artifact id when written under the data dir (web mode downloads it by id). */
  artifactId?: number;
}

export interface ExportResults {
  'export:run': ExportResult;
}
