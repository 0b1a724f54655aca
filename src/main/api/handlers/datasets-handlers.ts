// datasets:* — the built-in datasets and a look at a user's data (shape, classes, fit) before training.
import type { ApiHandlers } from '../../../shared/api/contract';
import { checkDatasetFits, inspectDataset, listBuiltinDatasets } from '../../datasets';

export function createDatasetsHandlers(): Pick<ApiHandlers, 'datasets:list' | 'datasets:inspect'> {
  return {
    'datasets:list': async () => listBuiltinDatasets(),
    'datasets:inspect': async ({ source, options, inputShape }) => {
      const descriptor = await inspectDataset(source, { ...(options ?? {}), ...(inputShape ? { inputShape } : {}) });
      if (!inputShape) return { descriptor, fits: true };
      const fit = checkDatasetFits(descriptor, inputShape);
      return fit.message === undefined ? { descriptor, fits: fit.fits } : { descriptor, fits: fit.fits, message: fit.message };
    },
  };
}
