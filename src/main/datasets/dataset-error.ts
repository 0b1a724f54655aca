// The one error class every dataset loader throws: the file or row at fault and what to do,
// raised while loading so a bad dataset stops a run before its first batch.
import { TrainbenchError } from '../../shared/api/api-error';

export interface DatasetErrorDetails {
  /** File or folder at fault, when there is one. */
  file?: string;
  [key: string]: unknown;
}

export class DatasetError extends TrainbenchError {
  constructor(message: string, details?: DatasetErrorDetails) {
    super('DatasetError', message, details);
  }
}
