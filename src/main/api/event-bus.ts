// Typed fan-out of the events the Node side pushes (training progress, run changes) to
// every connected transport: Electron windows and web-mode WebSockets subscribe here.
import type { ApiEvents, EventName } from '../../shared/api/contract';

type Listener = (event: EventName, payload: ApiEvents[EventName]) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken subscriber (a closed socket) must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
