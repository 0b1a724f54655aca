// Keras layer calls as LayerSpecs: Dense(128, activation='relu') → { className: 'Dense', args:
// { units: 128, activation: 'relu' } }, positional arguments named by Keras's order, name= and
// input_shape= lifted out, and keras.Input(shape=...) read as the model's input.
import { LAYER_CLASS_NAMES, type LayerClassName, type LayerSpec } from './model-spec';
import { closestName } from './closest-name';
import { getLayerDefinition } from './layer-catalog';
import { fail, kerasSubpath, literal, pathOf, type Env } from './keras-code-names';
import type { Expr } from './python-parser';

type CallExpr = Extract<Expr, { type: 'Call' }>;

export type LayerCall =
  | { kind: 'layer'; layer: LayerSpec; inputShape: number[] | null; at: CallExpr }
  | { kind: 'input'; shape: number[]; at: CallExpr };

/** The Keras class a call names, e.g. 'Dense' for layers.Dense(...), 'Input' for keras.Input(...). */
export function layerClassOf(call: Expr, env: Env): string | null {
  if (call.type !== 'Call') return null;
  const sub = kerasSubpath(pathOf(call.func, env));
  if (sub === null) return null;
  if (sub === 'Input' || sub === 'layers.Input') return 'Input';
  const m = /^layers\.(\w+)$/.exec(sub);
  return m ? (m[1] as string) : null;
}

function shapeValue(e: Expr, env: Env, what: string): number[] {
  const v = literal(e, env, what);
  const list = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list) || !list.every((d) => typeof d === 'number')) fail(`${what} must be a tuple of whole numbers, e.g. (28, 28, 1)`, e);
  return list;
}

function inputCall(call: CallExpr, env: Env, className: string): LayerCall {
  let shape: number[] | null = null;
  if (call.args.length > 1) fail(`${className} takes the shape only, e.g. keras.Input(shape=(28, 28, 1))`, call.args[1] as Expr);
  if (call.args[0]) shape = shapeValue(call.args[0], env, `${className} shape`);
  for (const k of call.keywords) {
    if (k.name === 'shape' || (className === 'InputLayer' && k.name === 'input_shape')) shape = shapeValue(k.value, env, `${className} ${k.name}`);
    else if (k.name === 'name') continue;
    else fail(`${className}(${k.name}=...) is outside the subset; Trainbench reads shape= only`, k);
  }
  if (shape === null) fail(`${className} needs shape=, e.g. keras.Input(shape=(28, 28, 1))`, call);
  return { kind: 'input', shape: shape, at: call };
}

export function layerCall(call: Expr, env: Env): LayerCall {
  if (call.type !== 'Call') return fail('expected a layer, e.g. layers.Dense(10)', call);
  const className = layerClassOf(call, env);
  if (className === null) fail('expected a Keras layer call such as layers.Dense(10) or keras.Input(shape=(...))', call);
  const cls = className;
  if (cls === 'Input' || cls === 'InputLayer') return inputCall(call, env, cls);
  const def = getLayerDefinition(cls);
  if (!def) {
    const near = closestName(cls, LAYER_CLASS_NAMES);
    fail(`${cls} is not a layer Trainbench supports${near ? `; did you mean ${near}?` : ''} (supported: ${LAYER_CLASS_NAMES.join(', ')})`, call);
  }
  const positional = def?.positional ?? [];
  if (call.args.length > positional.length) {
    const extra = call.args[positional.length] as Expr;
    fail(`${cls} takes at most ${positional.length} positional argument${positional.length === 1 ? '' : 's'}${positional.length ? ` (${positional.join(', ')})` : ''}; name the others`, extra);
  }
  const args: Record<string, unknown> = {};
  call.args.forEach((a, i) => {
    const name = positional[i] as string;
    args[name] = literal(a, env, `${cls} ${name}`);
  });
  let name: string | undefined;
  let inputShape: number[] | null = null;
  for (const k of call.keywords) {
    if (Object.prototype.hasOwnProperty.call(args, k.name)) fail(`${cls} got ${k.name} twice (positionally and by keyword)`, k);
    if (k.name === 'name') {
      const v = literal(k.value, env, `${cls} name`);
      if (typeof v !== 'string') fail(`${cls} name must be a string`, k);
      name = v;
    } else if (k.name === 'input_shape') {
      inputShape = shapeValue(k.value, env, `${cls} input_shape`);
    } else if (k.name === 'input_dim' && cls === 'Dense') {
      inputShape = shapeValue(k.value, env, `${cls} input_dim`);
    } else {
      args[k.name] = literal(k.value, env, `${cls} ${k.name}`);
    }
  }
  const layer: LayerSpec = { className: cls as LayerClassName, args };
  if (name !== undefined) layer.name = name;
  return { kind: 'layer', layer, inputShape, at: call };
}
