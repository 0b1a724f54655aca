// The one API contract between the renderer and the Node side: every request channel
// (`domain:verb`) with its payload schema and result type, and every pushed event.
// Both transports (Electron IPC, HTTP + WebSocket) and both ends are generic over these maps.
import type { z } from 'zod';
import type { TrainingEvent } from '../training/training-events';
import { appRequests, type AppResults } from './channels/app-channels';
import { datasetsRequests, type DatasetsResults } from './channels/datasets-channels';
import { exportRequests, type ExportResults } from './channels/export-channels';
import { runsRequests, type RunsResults } from './channels/runs-channels';
import { specsRequests, type SpecsResults } from './channels/specs-channels';
import { trainingRequests, type TrainingResults } from './channels/training-channels';

export const requestSchemas = {
  ...appRequests,
  ...specsRequests,
  ...datasetsRequests,
  ...trainingRequests,
  ...runsRequests,
  ...exportRequests,
} as const;

export type Channel = keyof typeof requestSchemas;
export const CHANNELS = Object.keys(requestSchemas) as Channel[];

export type ApiResults = AppResults & SpecsResults & DatasetsResults & TrainingResults & RunsResults & ExportResults;

/** What the caller passes (defaults may be left out). */
export type ApiRequest<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
/** What the handler receives, after validation and defaults. */
export type ApiPayload<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type ApiResult<C extends Channel> = ApiResults[C];

export interface ApiEvents {
  'training:event': TrainingEvent;
  'runs:changed': { runIds: string[]; reason: 'created' | 'updated' | 'deleted' | 'imported' };
}
export type EventName = keyof ApiEvents;
export const EVENT_NAMES: EventName[] = ['training:event', 'runs:changed'];

export function isChannel(value: string): value is Channel {
  return Object.prototype.hasOwnProperty.call(requestSchemas, value);
}

/** The surface the renderer sees, whichever transport carries it (window.api in Electron). */
export interface TrainbenchApi {
  invoke<C extends Channel>(channel: C, payload: ApiRequest<C>): Promise<ApiResult<C>>;
  /** Subscribes to an event; returns the function that ends the subscription. */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** The Node side's implementation of every channel. */
export type ApiHandlers = { [C in Channel]: (payload: ApiPayload<C>) => Promise<ApiResult<C>> };
