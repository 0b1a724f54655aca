// Which samples go where: --limit caps the training pool, a seeded shuffle takes the validation
// fraction from it, --testLimit picks a fixed subset of the test part (the same for every seed,
// so runs with different seeds are scored on the same samples). Indices come back ascending.
import { DatasetError } from './dataset-error';
import { seededPermutation } from './seeded-random';

export interface SplitPlan {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface SplitPlanOptions {
  seed: number;
  validationSplit: number;
  limit?: number;
  testLimit?: number;
}

/** Salt so the split's shuffle is not the same stream as random data drawn from the same seed. */
const SPLIT_SALT = 0x9e3779b9;
/** Fixed seed for the test subset: independent of the run's seed on purpose. */
const TEST_SUBSET_SEED = 0x7e57;

const identity = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
const ascending = (a: Int32Array): Int32Array => a.slice().sort();

export function checkSplitOptions(options: SplitPlanOptions): void {
  if (!Number.isFinite(options.validationSplit) || options.validationSplit < 0 || options.validationSplit >= 1) {
    throw new DatasetError(`validation split must be at least 0 and below 1, got ${options.validationSplit}`);
  }
  if (!Number.isInteger(options.seed)) throw new DatasetError(`seed must be an integer, got ${options.seed}`);
}

export interface SplitSizes {
  /** Samples drawn from the training part (after --limit), validation included. */
  pool: number;
  train: number;
  validation: number;
  test: number;
}

/** The sizes planSplits will give, without drawing the permutation (for inspect). */
export function splitSizes(trainCount: number, testCount: number, options: SplitPlanOptions): SplitSizes {
  checkSplitOptions(options);
  const pool = Math.min(trainCount, options.limit ?? trainCount);
  let validation = Math.round(pool * options.validationSplit);
  // A requested split gets at least one sample, and training keeps at least one.
  if (options.validationSplit > 0) validation = Math.max(Math.min(Math.max(validation, 1), pool - 1), 0);
  return { pool, train: pool - validation, validation, test: Math.min(testCount, options.testLimit ?? testCount) };
}

export function planSplits(trainCount: number, testCount: number, options: SplitPlanOptions): SplitPlan {
  const sizes = splitSizes(trainCount, testCount, options);
  const pool = sizes.pool;
  const validationCount = sizes.validation;

  let train: Int32Array;
  let validation: Int32Array = new Int32Array(0);
  if (pool === trainCount && validationCount === 0) {
    train = identity(trainCount);
  } else {
    const perm = seededPermutation(trainCount, (options.seed ^ SPLIT_SALT) >>> 0).subarray(0, pool);
    validation = ascending(perm.subarray(0, validationCount));
    train = ascending(perm.subarray(validationCount));
  }

  const testPool = sizes.test;
  const test = testPool === testCount ? identity(testCount) : ascending(seededPermutation(testCount, TEST_SUBSET_SEED).subarray(0, testPool));
  return { train, validation, test };
}
