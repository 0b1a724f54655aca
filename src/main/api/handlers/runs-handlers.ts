// runs:* — the run database as the UI sees it, straight through to the store, plus the test
// image grid a finished run saved beside its weights.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiHandlers } from '../../../shared/api/contract';
import type { EventBus } from '../event-bus';
import type { RunRepository } from '../../store/run-repository';
import type { TestSample } from '../../../shared/api/channels/runs-channels';

type RunsHandlers = Pick<ApiHandlers, 'runs:list' | 'runs:get' | 'runs:series' | 'runs:update' | 'runs:delete' | 'runs:compare' | 'runs:samples'>;

export function createRunsHandlers(store: RunRepository, events: EventBus): RunsHandlers {
  return {
    'runs:list': async (query) => store.listRuns(query),
    'runs:get': async ({ id }) => store.getRun(id),
    'runs:series': async (request) => store.getSeries(request),
    'runs:update': async (input) => {
      const summary = store.updateRun(input);
      events.emit('runs:changed', { runIds: [input.id], reason: 'updated' });
      return summary;
    },
    'runs:delete': async ({ ids }) => {
      const result = store.deleteRuns(ids);
      events.emit('runs:changed', { runIds: ids, reason: 'deleted' });
      return result;
    },
    'runs:compare': async ({ ids }) => store.compareRuns(ids),
    'runs:samples': async ({ runId, count }) => {
      const detail = store.getRun(runId);
      const file = join(store.artifactDir(runId), 'samples.json');
      if (!existsSync(file)) return { samples: [], classNames: detail.dataset.classNames };
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { samples?: TestSample[]; classNames?: string[] } | TestSample[];
      const samples = Array.isArray(saved) ? saved : (saved.samples ?? []);
      const classNames = Array.isArray(saved) ? detail.dataset.classNames : (saved.classNames ?? detail.dataset.classNames);
      return { samples: samples.slice(0, count), classNames };
    },
  };
}
