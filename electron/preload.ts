// The preload: exposes one namespaced window.api implementing the TrainbenchApi contract.
// The renderer never sees ipcRenderer; errors come back as real Errors with their names.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { unwrapEnvelope, type Envelope } from '../src/shared/api/api-error';
import type { ApiEvents, EventName, TrainbenchApi } from '../src/shared/api/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './ipc-channels';

const api: TrainbenchApi = {
  async invoke(channel, payload) {
    const envelope = (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, payload)) as Envelope<never>;
    return unwrapEnvelope(envelope);
  },
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
    const handler = (_e: IpcRendererEvent, name: EventName, payload: unknown): void => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
