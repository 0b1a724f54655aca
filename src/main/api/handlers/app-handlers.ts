// app:* — version, mode, data dir and what each training backend can give on this machine.
import type { ApiHandlers } from '../../../shared/api/contract';
import { appVersion } from '../../app/app-version';
import type { DataPaths } from '../../paths/data-paths';
import { probeBackends } from '../../training/backends/select-backend';

export function createAppHandlers(paths: DataPaths, mode: 'electron' | 'web'): Pick<ApiHandlers, 'app:info'> {
  return {
    'app:info': async () => {
      const backends = await probeBackends();
      const best = backends.find((b) => b.request !== 'auto' && b.available) ?? backends.find((b) => b.available);
      const gpu = backends.find((b) => b.request === 'gpu');
      const why = best?.gpu
        ? 'a CUDA GPU with tfjs-node-gpu'
        : `no GPU backend: ${gpu?.reason ?? 'tfjs-node-gpu is not available'}`;
      return {
        version: appVersion(),
        mode,
        dataDir: paths.home,
        backends,
        autoBackend: { backend: best?.backend ?? 'cpu', gpu: best?.gpu ?? false, why },
      };
    },
  };
}
