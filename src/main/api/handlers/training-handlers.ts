// training:* — start, stop, resume and list runs through the TrainingManager. Payloads arrive
// validated by the router; a bad model or data is refused by start() with its fix (SpecError,
// DatasetError) before any run is recorded.
import type { ApiHandlers } from '../../../shared/api/contract';
import type { RunRepository } from '../../store/run-repository';
import type { TrainingManager } from '../../training/training-manager';

type TrainingHandlers = Pick<ApiHandlers, 'training:start' | 'training:stop' | 'training:resume' | 'training:active'>;

export function createTrainingHandlers(deps: { manager: TrainingManager; store: RunRepository }): TrainingHandlers {
  const { manager } = deps;
  return {
    'training:start': async ({ spec, dataset, datasetOptions, options }) =>
      manager.start({ spec, dataset, ...(datasetOptions ? { datasetOptions } : {}), ...(options ? { options } : {}) }),
    'training:stop': async ({ runId }) => {
      // Not active here: make sure the id is real (RunNotFoundError otherwise) and report nothing to stop.
      if (!manager.active().includes(runId)) {
        deps.store.getRun(runId);
        return { stopping: false };
      }
      return { stopping: manager.stop(runId) };
    },
    'training:resume': async ({ runId, epochs }) => manager.resume(runId, epochs),
    'training:active': async () => ({ runIds: manager.active() }),
  };
}
