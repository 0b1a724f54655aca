// The composition root of the Node side: one store, one training manager, one event bus and
// the handlers for every API channel. The CLI, web mode and Electron all start from here.
import type { ApiHandlers } from '../../shared/api/contract';
import { createAppHandlers } from '../api/handlers/app-handlers';
import { createDatasetsHandlers } from '../api/handlers/datasets-handlers';
import { createRunsHandlers } from '../api/handlers/runs-handlers';
import { createSpecsHandlers } from '../api/handlers/specs-handlers';
import { createTrainingHandlers } from '../api/handlers/training-handlers';
import { createExportHandlers } from '../api/handlers/export-handlers';
import { EventBus } from '../api/event-bus';
import { ensureDataPaths, type DataPaths } from '../paths/data-paths';
import { RunStore } from '../store/run-store';
import { TrainingManager } from '../training/training-manager';

export interface Services {
  mode: 'electron' | 'web';
  paths: DataPaths;
  store: RunStore;
  training: TrainingManager;
  events: EventBus;
  handlers: ApiHandlers;
  close(): Promise<void>;
}

export async function createServices(paths: DataPaths, mode: 'electron' | 'web'): Promise<Services> {
  ensureDataPaths(paths);
  const store = RunStore.open(paths.dbPath, { artifactsDir: paths.artifactsDir });
  const events = new EventBus();
  const training = new TrainingManager({ store, paths });
  const unsubscribe = training.on((event) => {
    events.emit('training:event', event);
    if (event.type === 'started' || event.type === 'ended') events.emit('runs:changed', { runIds: [event.runId], reason: event.type === 'started' ? 'created' : 'updated' });
  });
  const handlers: ApiHandlers = {
    ...createAppHandlers(paths, mode),
    ...createSpecsHandlers(paths),
    ...createDatasetsHandlers(),
    ...createTrainingHandlers({ manager: training, store }),
    ...createRunsHandlers(store, events),
    ...createExportHandlers({ store, artifactsDir: paths.artifactsDir }),
  };
  return {
    mode,
    paths,
    store,
    training,
    events,
    handlers,
    async close() {
      unsubscribe();
      await training.shutdown();
      store.close();
    },
  };
}
