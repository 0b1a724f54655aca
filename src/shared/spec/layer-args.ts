// Readers for Keras layer arguments: each checks one value (positive int, int pair, choice,
// activation, bool, fraction) and either returns it normalized or an issue draft whose message
// names the argument, the bad value and a fix. Layer definitions are built from these.
import { ACTIVATIONS, type Activation } from './model-spec';
import { closestName } from './closest-name';
import { num } from './shape-arithmetic';
import type { SpecIssueCode } from './spec-issues';

/** An issue before it knows its layer; the analyzer adds "Conv2D 3: " and the layer fields. */
export interface IssueDraft {
  code: SpecIssueCode;
  message: string;
  fix: string;
  arg?: string;
}

export type ArgResult = { ok: true; value: unknown } | { ok: false; issue: IssueDraft };

export interface ArgDef {
  name: string;
  /** What the argument means, for the editor. */
  doc: string;
  /** Keras's default; absent when the argument is required. */
  default?: unknown;
  required: boolean;
  read(value: unknown): ArgResult;
}

/** A value as Python would print it, for messages: 'same', (3, 3), True, None, −4. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return num(value);
  if (Array.isArray(value)) return value.length === 1 ? `(${showValue(value[0])},)` : `(${value.map(showValue).join(', ')})`;
  return JSON.stringify(value);
}

const ok = (value: unknown): ArgResult => ({ ok: true, value });
const bad = (name: string, code: SpecIssueCode, message: string, fix: string): ArgResult => ({
  ok: false,
  issue: { code, message, fix, arg: name },
});

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export function positiveInt(name: string, doc: string, example: number, defaultValue?: number): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: defaultValue === undefined,
    read: (v) =>
      isPositiveInt(v)
        ? ok(v)
        : bad(name, 'bad-value', `${name} must be a positive whole number, got ${showValue(v)}`, `use e.g. ${name}=${typeof v === 'number' && Number.isInteger(v) && v < 0 ? -v : example}`),
  };
}

/** An int or a pair of ints (Keras's kernel_size=3 or (3, 3)); normalized to a pair. */
export function intPair(name: string, doc: string, example: number, defaultValue?: [number, number] | null): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: defaultValue === undefined,
    read: (v) => {
      if (v === null && defaultValue === null) return ok(null);
      if (isPositiveInt(v)) return ok([v, v]);
      if (Array.isArray(v) && v.length === 2 && v.every(isPositiveInt)) return ok([v[0], v[1]]);
      return bad(
        name,
        'bad-value',
        `${name} must be a positive whole number or a pair of them, got ${showValue(v)}`,
        `use e.g. ${name}=(${example}, ${example})`,
      );
    },
  };
}

export function choice<T extends string>(name: string, doc: string, values: readonly T[], defaultValue: T): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: false,
    read: (v) => {
      if (typeof v === 'string' && (values as readonly string[]).includes(v.toLowerCase())) return ok(v.toLowerCase());
      const near = typeof v === 'string' ? closestName(v, values) : null;
      const list = values.map((x) => `'${x}'`).join(' or ');
      return bad(
        name,
        'bad-value',
        `${name} must be ${list}, got ${showValue(v)}`,
        near ? `did you mean ${name}='${near}'?` : `use ${name}=${list}`,
      );
    },
  };
}

export function activation(name: string, doc: string, defaultValue: Activation | null): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: false,
    read: (v) => {
      // Keras's activation=None means linear.
      if (v === null) return ok('linear');
      if (typeof v === 'string' && (ACTIVATIONS as readonly string[]).includes(v.toLowerCase())) return ok(v.toLowerCase());
      const near = typeof v === 'string' ? closestName(v, ACTIVATIONS) : null;
      const known = `Trainbench knows ${ACTIVATIONS.join(', ')}`;
      return bad(
        name,
        'unknown-activation',
        `unknown ${name} ${showValue(v)}`,
        near ? `did you mean ${name}='${near}'? (${known})` : `use one of them: ${known}`,
      );
    },
  };
}

export function bool(name: string, doc: string, defaultValue: boolean): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: false,
    read: (v) =>
      typeof v === 'boolean' ? ok(v) : bad(name, 'bad-value', `${name} must be True or False, got ${showValue(v)}`, `use ${name}=${defaultValue ? 'True' : 'False'}`),
  };
}

/** A fraction in [0, 1): Dropout's rate, the recurrent dropouts. */
export function fraction(name: string, doc: string, example: number, defaultValue?: number): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: defaultValue === undefined,
    read: (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1
        ? ok(v)
        : bad(
            name,
            'bad-value',
            typeof v === 'number' ? `${name} ${showValue(v)} is outside [0, 1)` : `${name} must be a number in [0, 1), got ${showValue(v)}`,
            `${name} is the fraction of inputs dropped: use a value from 0 up to (not including) 1, e.g. ${name}=${example}`,
          ),
  };
}

/** A number in an open/closed range, e.g. BatchNormalization's momentum and epsilon. */
export function boundedNumber(name: string, doc: string, defaultValue: number, min: number, max: number, minInclusive: boolean): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: false,
    read: (v) => {
      const inRange = typeof v === 'number' && Number.isFinite(v) && (minInclusive ? v >= min : v > min) && v <= max;
      return inRange
        ? ok(v)
        : bad(name, 'bad-value', `${name} must be a number in ${minInclusive ? '[' : '('}${min}, ${max}], got ${showValue(v)}`, `use Keras's default ${name}=${defaultValue}`);
    },
  };
}

export function integer(name: string, doc: string, defaultValue: number): ArgDef {
  return {
    name,
    doc,
    default: defaultValue,
    required: false,
    read: (v) =>
      typeof v === 'number' && Number.isInteger(v) ? ok(v) : bad(name, 'bad-value', `${name} must be a whole number, got ${showValue(v)}`, `use ${name}=${defaultValue}`),
  };
}
