// model.compile(...) and model.fit(...) read into CompileSpec and FitSpec: optimizers as strings
// or objects (Adam(learning_rate=...), SGD(momentum=...)), losses as strings, functions or
// classes, metrics; fit's epochs, batch_size, validation_split, shuffle. Keras's defaults apply.
import { LOSSES, type CompileSpec, type FitSpec, type LossName, type OptimizerName } from './model-spec';
import { closestName } from './closest-name';
import { fail, kerasSubpath, literal, pathOf, type Env } from './keras-code-names';
import type { Expr, Keyword } from './python-parser';

type CallExpr = Extract<Expr, { type: 'Call' }>;

/** Keras's default learning rates per optimizer. */
export const DEFAULT_LEARNING_RATES: Record<OptimizerName, number> = { adam: 0.001, sgd: 0.01, rmsprop: 0.001, adagrad: 0.001 };
const OPTIMIZER_CLASSES: Record<string, OptimizerName> = { Adam: 'adam', SGD: 'sgd', RMSprop: 'rmsprop', Adagrad: 'adagrad' };
const LOSS_ALIASES: Record<string, LossName> = {
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
  SparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  CategoricalCrossentropy: 'categorical_crossentropy',
  BinaryCrossentropy: 'binary_crossentropy',
  MeanSquaredError: 'mse',
  MeanAbsoluteError: 'mae',
};

/** Positional and keyword arguments of a call as one map by Keras's parameter names. */
export function namedArgs(call: CallExpr, order: string[], what: string): Map<string, { value: Expr; at: Expr | Keyword }> {
  const out = new Map<string, { value: Expr; at: Expr | Keyword }>();
  call.args.forEach((a, i) => {
    const name = order[i];
    if (name === undefined) fail(`${what} takes at most ${order.length} positional arguments; name the others`, a);
    out.set(name, { value: a, at: a });
  });
  for (const k of call.keywords) out.set(k.name, { value: k.value, at: k });
  return out;
}

function optimizer(e: Expr, env: Env): CompileSpec['optimizer'] {
  if (e.type === 'String') {
    const name = e.value.toLowerCase() as OptimizerName;
    if (!(name in DEFAULT_LEARNING_RATES)) {
      const near = closestName(e.value, Object.keys(DEFAULT_LEARNING_RATES));
      fail(`unknown optimizer '${e.value}'${near ? `; did you mean '${near}'?` : ''} (Trainbench has adam, sgd, rmsprop, adagrad)`, e);
    }
    return { name, learning_rate: DEFAULT_LEARNING_RATES[name] };
  }
  const sub = e.type === 'Call' ? kerasSubpath(pathOf(e.func, env)) : null;
  const m = sub ? /^optimizers\.(?:legacy\.)?(\w+)$/.exec(sub) : null;
  const name = m ? OPTIMIZER_CLASSES[m[1] as string] : undefined;
  if (e.type !== 'Call' || !name) return fail("optimizer must be a name ('adam') or keras.optimizers.Adam/SGD/RMSprop/Adagrad(...)", e);
  const args = namedArgs(e, ['learning_rate'], 'the optimizer');
  const out: CompileSpec['optimizer'] = { name, learning_rate: DEFAULT_LEARNING_RATES[name] };
  for (const [key, { value, at }] of args) {
    if (key === 'learning_rate' || key === 'lr') {
      const v = literal(value, env, key);
      if (typeof v !== 'number') fail('learning_rate must be a number', at);
      out.learning_rate = v;
    } else if (key === 'momentum' && name === 'sgd') {
      const v = literal(value, env, key);
      if (typeof v !== 'number') fail('momentum must be a number', at);
      out.momentum = v;
    } else fail(`optimizer argument ${key}= is outside the subset; Trainbench reads learning_rate${name === 'sgd' ? ' and momentum' : ''}`, at);
  }
  return out;
}

function lossName(raw: string, at: Expr): LossName {
  const name = LOSS_ALIASES[raw] ?? (raw.toLowerCase() as LossName);
  if ((LOSSES as readonly string[]).includes(name)) return name;
  const near = closestName(raw, [...LOSSES, ...Object.keys(LOSS_ALIASES)]);
  return fail(`unknown loss '${raw}'${near ? `; did you mean '${near}'?` : ''} (Trainbench has ${LOSSES.join(', ')})`, at);
}

function loss(e: Expr, env: Env): LossName {
  if (e.type === 'String') return lossName(e.value, e);
  const target = e.type === 'Call' ? e.func : e;
  const sub = kerasSubpath(pathOf(target, env));
  const m = sub ? /^losses\.(\w+)$/.exec(sub) : null;
  if (!m) return fail("loss must be a name ('sparse_categorical_crossentropy') or a keras.losses class or function", e);
  if (e.type === 'Call') {
    for (const k of e.keywords) {
      const v = literal(k.value, env, k.name);
      if (k.name === 'from_logits' && v === false) continue;
      fail(`loss argument ${k.name}=${String(v)} is outside the subset; Trainbench's losses take probabilities (from_logits=False)`, k);
    }
    if (e.args.length > 0) fail('loss classes are read without positional arguments', e.args[0] as Expr);
  }
  return lossName(m[1] as string, e);
}

function metrics(e: Expr, env: Env): CompileSpec['metrics'] {
  const v = literal(e, env, 'metrics');
  const list = v === null ? [] : Array.isArray(v) ? v : [v];
  return list.map((m) => {
    if (m === 'accuracy' || m === 'acc') return 'accuracy';
    return fail(`metric ${JSON.stringify(m)} is outside what Trainbench records; use metrics=['accuracy'] (loss is always recorded)`, e);
  });
}

export function readCompile(call: CallExpr, env: Env): CompileSpec {
  const args = namedArgs(call, ['optimizer', 'loss'], 'compile()');
  // Keras's own compile() defaults: optimizer 'rmsprop', no metrics.
  const out: CompileSpec = { optimizer: { name: 'rmsprop', learning_rate: DEFAULT_LEARNING_RATES.rmsprop }, loss: 'mse', metrics: [] };
  let sawLoss = false;
  for (const [key, { value, at }] of args) {
    if (key === 'optimizer') out.optimizer = optimizer(value, env);
    else if (key === 'loss') {
      out.loss = loss(value, env);
      sawLoss = true;
    } else if (key === 'metrics') out.metrics = metrics(value, env);
    else fail(`compile(${key}=...) is outside the subset; Trainbench reads optimizer, loss and metrics`, at);
  }
  if (!sawLoss) fail("compile() needs a loss, e.g. loss='sparse_categorical_crossentropy'", call);
  return out;
}

const FIT_ORDER = ['x', 'y', 'batch_size', 'epochs', 'verbose', 'callbacks', 'validation_split', 'validation_data', 'shuffle'];

export interface FitRead {
  fit: Partial<FitSpec>;
  /** Data variables named as x and y. */
  data: Expr[];
  /** Arguments recognized but not imported, with why. */
  skipped: { arg: string; reason: string }[];
}

export function readFit(call: CallExpr, env: Env): FitRead {
  const args = namedArgs(call, FIT_ORDER, 'fit()');
  const out: FitRead = { fit: {}, data: [], skipped: [] };
  for (const [key, { value, at }] of args) {
    if (key === 'x' || key === 'y') out.data.push(value);
    else if (key === 'epochs' || key === 'batch_size' || key === 'validation_split' || key === 'shuffle') {
      (out.fit as Record<string, unknown>)[key] = literal(value, env, `fit ${key}`);
    } else if (key === 'verbose') out.skipped.push({ arg: key, reason: 'fit(verbose=...) only changes what Keras prints' });
    else if (key === 'validation_data') out.skipped.push({ arg: key, reason: "fit(validation_data=...) is not imported: Trainbench validates on validation_split and tests on the dataset's test split" });
    else fail(`fit(${key}=...) is outside the subset; Trainbench reads epochs, batch_size, validation_split and shuffle`, at);
  }
  return out;
}
