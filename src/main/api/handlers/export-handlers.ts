// export:run — the UI's export button: the same exportRun the CLI uses. Without outPath the
// file lands under artifacts/<run-id>/exports/ and is recorded, so web mode can serve it by id.
import type { ApiHandlers } from '../../../shared/api/contract';
import type { ExportDeps } from '../../export';

type ExportHandlers = Pick<ApiHandlers, 'export:run'>;

export function createExportHandlers(deps: ExportDeps): ExportHandlers {
  return {
    'export:run': async ({ runId, format, outPath, force }) => {
      const { exportRun } = await import('../../export');
      return exportRun(deps, runId, format, outPath, force);
    },
  };
}
