// Errors cross the API boundary as { name, message, details } and are rethrown as real Errors
// with the same name, so the UI can branch on error.name (SpecError, DatasetError, ...).

export interface ErrorPayload {
  name: string;
  message: string;
  details?: unknown;
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

/** An error that carries structured details for the other side (e.g. the layer index and fix). */
export class TrainbenchError extends Error {
  readonly details: unknown;
  constructor(name: string, message: string, details?: unknown) {
    super(message);
    this.name = name;
    this.details = details;
  }
}

export function encodeError(error: unknown): ErrorPayload {
  if (error instanceof Error) {
    const details = (error as { details?: unknown }).details;
    return details === undefined ? { name: error.name, message: error.message } : { name: error.name, message: error.message, details };
  }
  return { name: 'Error', message: String(error) };
}

export function decodeError(payload: ErrorPayload): TrainbenchError {
  return new TrainbenchError(payload.name, payload.message, payload.details);
}

export function unwrapEnvelope<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.result;
  throw decodeError(envelope.error);
}
