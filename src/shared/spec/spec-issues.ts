// What is wrong with a model, as data: each issue names the layer (1-based position, name and
// class), a stable code, the message with the numbers, and the fix. SpecError carries them all.
import { TrainbenchError } from '../api/api-error';

export const SPEC_ISSUE_CODES = [
  'empty-model',
  'missing-input-shape',
  'bad-input-shape',
  'input-shape-conflict',
  'unknown-layer',
  'unknown-argument',
  'unsupported-argument',
  'missing-argument',
  'bad-value',
  'unknown-activation',
  'duplicate-name',
  'kernel-too-large',
  'pool-too-large',
  'wrong-rank',
  'recurrent-on-images',
  'recurrent-needs-sequences',
  'softmax-one-unit',
  'loss-mismatch',
  'output-rank',
  'bad-compile',
  'bad-fit',
  'bad-spec-file',
] as const;
export type SpecIssueCode = (typeof SPEC_ISSUE_CODES)[number];

export interface SpecIssue {
  /** 1-based layer position; null for model-level issues (input shape, compile, fit). */
  layerIndex: number | null;
  /** The layer's Keras name (given or auto); null for model-level issues. */
  layerName: string | null;
  className: string | null;
  code: SpecIssueCode;
  /** What is wrong, with where and the numbers, e.g. "Conv2D 3: kernel 5 is larger than its input 3 ...". */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The argument at fault, when there is one. */
  arg?: string;
}

/** One line for people: the message, then the fix. */
export function formatIssue(issue: SpecIssue): string {
  return `${issue.message}; ${issue.fix}`;
}

export class SpecError extends TrainbenchError {
  declare readonly details: SpecIssue[];
  constructor(issues: SpecIssue[]) {
    const lines = issues.map(formatIssue);
    const head = issues.length === 1 ? 'The model is invalid' : `The model has ${issues.length} problems`;
    super('SpecError', `${head}: ${lines.join('\n')}`, issues);
  }
}

export function isSpecError(error: unknown): error is SpecError {
  return error instanceof Error && error.name === 'SpecError' && Array.isArray((error as { details?: unknown }).details);
}
