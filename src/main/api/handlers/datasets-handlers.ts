// datasets:* — the built-in datasets and a look at a user's data (shape, classes, fit) before training.
import type { ApiHandlers } from '../../../shared/api/contract';
import { inspectDatasetFit, listBuiltinDatasets } from '../../datasets';

export function createDatasetsHandlers(): Pick<ApiHandlers, 'datasets:list' | 'datasets:inspect'> {
  return {
    'datasets:list': async () => listBuiltinDatasets(),
    'datasets:inspect': async ({ source, options, inputShape }) =>
      inspectDatasetFit(source, { ...(options ?? {}), ...(inputShape ? { inputShape } : {}) }),
  };
}
