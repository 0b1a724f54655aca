// The error for Keras code Trainbench cannot read: always names the line and column, and says
// what to change. Lines that are merely not about the model are not errors (see notImported).
import { TrainbenchError } from '../api/api-error';

export interface KerasParseErrorDetails {
  line: number;
  column: number;
}

export class KerasParseError extends TrainbenchError {
  declare readonly details: KerasParseErrorDetails;
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super('KerasParseError', `line ${line}, column ${column}: ${message}`, { line, column });
    this.line = line;
    this.column = column;
  }
}
