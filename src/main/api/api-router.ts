// The Node side's single entry for API requests, whichever transport carried them: checks the
// channel, validates the payload against the contract's schema, calls the handler, and wraps
// the outcome in the error envelope so nothing but data crosses the boundary.
import { z } from 'zod';
import { encodeError, TrainbenchError, type Envelope } from '../../shared/api/api-error';
import { isChannel, requestSchemas, type ApiHandlers, type Channel } from '../../shared/api/contract';

export type ApiDispatch = (channel: string, payload: unknown) => Promise<Envelope<unknown>>;

export function createApiRouter(handlers: ApiHandlers): ApiDispatch {
  return async (channel, payload) => {
    try {
      if (!isChannel(channel)) {
        throw new TrainbenchError('ApiError', `Unknown API channel '${channel}'. Known channels: ${Object.keys(requestSchemas).join(', ')}.`);
      }
      const parsed = requestSchemas[channel].safeParse(payload ?? {});
      if (!parsed.success) {
        throw new TrainbenchError(
          'ValidationError',
          `Invalid payload for '${channel}': ${z.prettifyError(parsed.error)}`,
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      const handler = handlers[channel] as (p: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: encodeError(error) };
    }
  };
}

export type { Channel };
