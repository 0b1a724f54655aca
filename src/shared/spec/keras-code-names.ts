// Name resolution for Keras snippets: what `tf`, `keras`, `layers`, `Dense` refer to after the
// imports, reduced to a path below the Keras root (layers.Dense, models.Sequential, Input,
// optimizers.Adam), and plain Python literals read out of argument expressions.
import { KerasParseError } from './keras-parse-error';
import type { Expr } from './python-parser';
import { LAYER_CLASS_NAMES } from './model-spec';

export type Binding =
  | { kind: 'module'; path: string }
  | { kind: 'model' }
  | { kind: 'const'; value: unknown; used: boolean; line: number; text: string }
  | { kind: 'data' }
  | { kind: 'other' };

export type Env = Map<string, Binding>;

/** Bare names a snippet may use without importing them (pasted models often leave imports out). */
const BARE: Record<string, string> = {
  tf: 'tensorflow',
  keras: 'keras',
  np: 'numpy',
  layers: 'keras.layers',
  Sequential: 'keras.models.Sequential',
  Input: 'keras.Input',
  InputLayer: 'keras.layers.InputLayer',
  ...Object.fromEntries(LAYER_CLASS_NAMES.map((n) => [n, `keras.layers.${n}`])),
};

const KERAS_ROOTS = ['tensorflow.keras.', 'tensorflow.python.keras.', 'tf_keras.', 'keras.'];
export const KNOWN_ROOTS = new Set(['tensorflow', 'keras', 'tf_keras', 'numpy']);

export function fail(message: string, at: { line: number; col: number }): never {
  throw new KerasParseError(message, at.line, at.col);
}

/** The dotted module path an expression names (tf.keras.layers.Dense → tensorflow.keras.layers.Dense), or null. */
export function pathOf(e: Expr, env: Env): string | null {
  if (e.type === 'Name') {
    const b = env.get(e.id);
    if (b) return b.kind === 'module' ? b.path : null;
    return BARE[e.id] ?? null;
  }
  if (e.type === 'Attribute') {
    const base = pathOf(e.value, env);
    return base === null ? null : `${base}.${e.attr}`;
  }
  return null;
}

/** The part of a path below the Keras root: tensorflow.keras.layers.Dense → layers.Dense. */
export function kerasSubpath(path: string | null): string | null {
  if (path === null) return null;
  for (const root of KERAS_ROOTS) if (path.startsWith(root)) return path.slice(root.length);
  return null;
}

/** The name at the root of an expression (model in model.fit, tf in tf.random.normal). */
export function rootName(e: Expr): string | null {
  if (e.type === 'Name') return e.id;
  if (e.type === 'Attribute' || e.type === 'Call' || e.type === 'Subscript') return rootName(e.type === 'Call' ? e.func : e.value);
  return null;
}

/** Every name an expression reads. */
export function namesIn(e: Expr, out: string[] = []): string[] {
  switch (e.type) {
    case 'Name':
      out.push(e.id);
      break;
    case 'Attribute':
      namesIn(e.value, out);
      break;
    case 'Call':
      namesIn(e.func, out);
      e.args.forEach((a) => namesIn(a, out));
      e.keywords.forEach((k) => namesIn(k.value, out));
      break;
    case 'Tuple':
    case 'List':
      e.elts.forEach((a) => namesIn(a, out));
      break;
    case 'Dict':
      [...e.keys, ...e.values].forEach((a) => namesIn(a, out));
      break;
    case 'Unary':
      namesIn(e.operand, out);
      break;
    case 'Binary':
      namesIn(e.left, out);
      namesIn(e.right, out);
      break;
    case 'Subscript':
      namesIn(e.value, out);
      namesIn(e.index, out);
      break;
    case 'Slice':
      for (const p of [e.lower, e.upper, e.step]) if (p) namesIn(p, out);
      break;
    default:
      break;
  }
  return out;
}

const ACTIVATION_PATHS = /^(?:tensorflow\.nn|tensorflow\.keras\.activations|keras\.activations|tensorflow\.math)\.(\w+)$/;

/** A Python literal as JSON: numbers, strings, True/False/None, tuples and lists of them, constants. */
export function literal(e: Expr, env: Env, what: string): unknown {
  switch (e.type) {
    case 'Number':
      return e.value;
    case 'String':
      if (e.fstring) fail(`${what}: f-strings are outside the subset; write a plain string`, e);
      return e.value;
    case 'Constant':
      return e.value;
    case 'Tuple':
    case 'List':
      return e.elts.map((x) => literal(x, env, what));
    case 'Dict': {
      const out: Record<string, unknown> = {};
      e.keys.forEach((k, i) => {
        const key = literal(k, env, what);
        if (typeof key !== 'string') fail(`${what}: dictionary keys must be strings`, k);
        out[key] = literal(e.values[i] as Expr, env, what);
      });
      return out;
    }
    case 'Unary': {
      const v = literal(e.operand, env, what);
      if (typeof v !== 'number' || e.op === '~') fail(`${what}: '${e.op}' applies to numbers only`, e);
      return e.op === '-' ? -v : v;
    }
    case 'Name': {
      const b = env.get(e.id);
      if (b?.kind === 'const') {
        b.used = true;
        return b.value;
      }
      break;
    }
    default:
      break;
  }
  // activation=tf.nn.relu or keras.activations.relu mean the named activation.
  const path = pathOf(e, env);
  const m = path ? ACTIVATION_PATHS.exec(path) : null;
  if (m) return m[1];
  return fail(`${what}: only literal values (numbers, strings, True/False/None, tuples) and constants assigned earlier can be read here`, e);
}
