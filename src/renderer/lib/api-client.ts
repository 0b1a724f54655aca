// The renderer's one way to the Node side: Electron's preload `window.api` when present, else
// HTTP POST /api/invoke/<channel> + a WebSocket for events (web mode), both as a TrainbenchApi.
// Web mode reconnects with backoff and reports its state, so the shell can say "Node side gone".
import type { ApiEvents, ApiRequest, ApiResult, Channel, EventName, TrainbenchApi } from '../../shared/api/contract';
import { TrainbenchError, unwrapEnvelope, type Envelope } from '../../shared/api/api-error';

declare global {
  interface Window {
    api?: TrainbenchApi;
  }
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';
type ConnectionListener = (state: ConnectionState, detail: { attempt: number; retryInMs: number }) => void;

const TOKEN_KEY = 'trainbench.token';
const TOKEN_HEADER = 'x-trainbench-token';

/** Reads ?token= once, keeps it for this tab, and takes it out of the address bar. */
export function takeToken(loc: Location = window.location): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Web transport: requests over fetch, events over one WebSocket that comes back after drops. */
export class WebApiClient implements TrainbenchApi {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  state: ConnectionState = 'connecting';

  constructor(
    private readonly token: string | null,
    private readonly origin: string = window.location.origin,
  ) {
    this.connect();
  }

  async invoke<C extends Channel>(channel: C, payload: ApiRequest<C>): Promise<ApiResult<C>> {
    let response: Response;
    try {
      response = await fetch(`${this.origin}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token ? { [TOKEN_HEADER]: this.token } : {}) },
        body: JSON.stringify(payload ?? {}),
      });
    } catch (error) {
      // fetch only rejects when the server cannot be reached at all.
      this.socket?.close();
      throw new TrainbenchError('ConnectionError', `The Node side did not answer ${channel}: ${(error as Error).message}. Is trainbench still running?`);
    }
    let envelope: Envelope<ApiResult<C>>;
    try {
      envelope = (await response.json()) as Envelope<ApiResult<C>>;
    } catch {
      if (response.status === 401 || response.status === 403) {
        throw new TrainbenchError('AuthError', 'The server refused this page’s token. Open the address trainbench printed at start (it carries ?token=).');
      }
      throw new TrainbenchError('ConnectionError', `${channel} answered HTTP ${response.status} without a result.`);
    }
    return unwrapEnvelope(envelope);
  }

  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  private setState(state: ConnectionState, retryInMs = 0): void {
    this.state = state;
    for (const l of this.connectionListeners) l(state, { attempt: this.attempt, retryInMs });
  }

  private connect(): void {
    const wsOrigin = this.origin.replace(/^http/, 'ws');
    const query = this.token ? `?token=${encodeURIComponent(this.token)}` : '';
    const socket = new WebSocket(`${wsOrigin}/api/events${query}`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('connected');
    };
    socket.onmessage = (message) => {
      let parsed: { event?: string; payload?: unknown };
      try {
        parsed = JSON.parse(String(message.data)) as { event?: string; payload?: unknown };
      } catch {
        return;
      }
      const set = parsed.event ? this.listeners.get(parsed.event as EventName) : undefined;
      if (!set) return;
      for (const l of set) {
        try {
          l(parsed.payload as never);
        } catch (error) {
          console.error(`listener for ${parsed.event} failed`, error);
        }
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
    socket.onerror = () => socket.close();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer) return;
    this.attempt += 1;
    // 0.25 s, 0.5 s, 1 s ... capped at 5 s: quick after a restart, quiet while it stays down.
    const delay = Math.min(5000, 250 * 2 ** (this.attempt - 1));
    this.setState('reconnecting', delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}

let client: TrainbenchApi | null = null;

/** The API for this page: chosen once, the same interface in Electron and in the browser. */
export function getApi(): TrainbenchApi {
  if (!client) client = window.api ?? new WebApiClient(takeToken());
  return client;
}

/** Typed shorthand for getApi().invoke. */
export function invoke<C extends Channel>(channel: C, payload: ApiRequest<C>): Promise<ApiResult<C>> {
  return getApi().invoke(channel, payload);
}

export function onEvent<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
  return getApi().on(event, listener);
}

/** Subscribes to transport state; Electron's IPC never drops, so it is always 'connected' there. */
export function onConnection(listener: ConnectionListener): () => void {
  const api = getApi();
  if (api instanceof WebApiClient) {
    listener(api.state, { attempt: 0, retryInMs: 0 });
    return api.onConnection(listener);
  }
  listener('connected', { attempt: 0, retryInMs: 0 });
  return () => {};
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
