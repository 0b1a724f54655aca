// specs:* — saved model specs, by name, under the data dir's specs/.
import { z } from 'zod';
import { modelSpecSchema } from '../../spec/model-spec-schema';
import type { ModelSpec } from '../../spec/model-spec';

export interface SavedSpecInfo {
  name: string;
  updatedAt: string;
}

const specName = z.string().min(1).max(120);

export const specsRequests = {
  'specs:list': z.object({}).strict(),
  'specs:get': z.object({ name: specName }).strict(),
  'specs:save': z.object({ name: specName, spec: modelSpecSchema }).strict(),
  'specs:delete': z.object({ name: specName }).strict(),
} as const;

export interface SpecsResults {
  'specs:list': SavedSpecInfo[];
  'specs:get': ModelSpec;
  'specs:save': SavedSpecInfo;
  'specs:delete': { deleted: boolean };
}
