// The one error type of the export room: what could not be written or read, and what to do.
// details.code lets the CLI and the UI branch (exists, no-weights, unsupported, bundle ...).
import { TrainbenchError } from '../../shared/api/api-error';

export type ExportErrorCode = 'exists' | 'no-weights' | 'unsupported' | 'bundle' | 'run-exists' | 'io';

export interface ExportErrorDetails {
  code: ExportErrorCode;
  [key: string]: unknown;
}

export class ExportError extends TrainbenchError {
  declare readonly details: ExportErrorDetails;
  constructor(message: string, details: ExportErrorDetails) {
    super('ExportError', message, details);
  }
  get code(): ExportErrorCode {
    return this.details.code;
  }
}
