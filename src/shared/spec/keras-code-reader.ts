// parseKerasCode: a Keras Python snippet (imports, Sequential([...]) or model.add(...),
// compile, fit) read into a ModelSpec. Lines that are not about the model (random data,
// evaluate, print, summary) are listed as not imported with their line; anything else outside
// the subset is a KerasParseError with line and column. Nothing is dropped silently.
import type { DatasetSource } from '../dataset/dataset-source';
import { DEFAULT_COMPILE, DEFAULT_FIT, MODEL_SPEC_FORMAT, MODEL_SPEC_VERSION, type CompileSpec, type FitSpec, type LayerSpec, type ModelSpec } from './model-spec';
import { readCompile, readFit, namedArgs } from './keras-compile-fit';
import { layerCall, layerClassOf } from './keras-code-layers';
import { KNOWN_ROOTS, fail, kerasSubpath, literal, namesIn, pathOf, rootName, type Env } from './keras-code-names';
import { parsePython, type Expr, type Stmt } from './python-parser';

export interface NotImportedLine {
  line: number;
  text: string;
  reason: string;
}

export interface KerasImport {
  spec: ModelSpec;
  notImported: NotImportedLine[];
  dataset?: DatasetSource;
}

type CallExpr = Extract<Expr, { type: 'Call' }>;

const MODEL_METHODS_SKIPPED: Record<string, string> = {
  summary: 'model.summary() only prints; Trainbench shows the summary itself',
  evaluate: "evaluation runs after training in Trainbench, on the dataset's test split",
  predict: 'predictions are not part of the model spec',
  save: 'saving is done by Trainbench (export)',
  save_weights: 'saving is done by Trainbench (export)',
};

export function parseKerasCode(source: string): KerasImport {
  const module = parsePython(source);
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const textOf = (s: { line: number; endLine: number }): string => lines.slice(s.line - 1, s.endLine).map((l) => l.trim()).join('\n');
  const env: Env = new Map();
  const notImported: NotImportedLine[] = [];
  let modelVar: string | null = null;
  let modelName = 'sequential';
  let inputShape: number[] | null = null;
  const layers: LayerSpec[] = [];
  let compile: CompileSpec | null = null;
  let fit: Partial<FitSpec> | null = null;
  let seed: number | null = null;
  let dataset: DatasetSource | undefined;

  const skip = (s: Stmt, reason: string): void => {
    notImported.push({ line: s.line, text: textOf(s), reason });
  };

  const addLayer = (e: Expr): void => {
    const item = layerCall(e, env);
    if (item.kind === 'input') {
      if (layers.length > 0 || inputShape !== null) fail('keras.Input(...) must come first, before any layer', item.at);
      inputShape = item.shape;
      return;
    }
    if (layers.length === 0 && item.inputShape !== null && inputShape === null) inputShape = item.inputShape;
    else if (item.inputShape !== null) item.layer.args.input_shape = item.inputShape;
    layers.push(item.layer);
  };

  const isModelMethod = (call: CallExpr, method?: string): string | null => {
    if (call.func.type !== 'Attribute' || call.func.value.type !== 'Name') return null;
    if (env.get(call.func.value.id)?.kind !== 'model') return null;
    return method === undefined || call.func.attr === method ? call.func.attr : null;
  };

  const sequential = (call: CallExpr, target: Expr, s: Stmt): void => {
    if (target.type !== 'Name') fail('assign the model to a plain name, e.g. model = keras.Sequential([...])', target);
    if (modelVar !== null) fail('only one model per snippet: this is a second Sequential', call);
    const name = (target as { id: string }).id;
    modelVar = name;
    env.set(name, { kind: 'model' });
    const args = namedArgs(call, ['layers', 'trainable', 'name'], 'Sequential()');
    for (const [key, { value, at }] of args) {
      if (key === 'layers') {
        if (value.type === 'Constant' && value.value === null) continue;
        if (value.type !== 'List' && value.type !== 'Tuple') fail('Sequential takes a list of layers, e.g. Sequential([layers.Dense(10)])', value);
        for (const el of (value as { elts: Expr[] }).elts) addLayer(el);
      } else if (key === 'name') {
        const v = literal(value, env, 'Sequential name');
        if (typeof v !== 'string') fail('the model name must be a string', at);
        modelName = v;
      } else fail(`Sequential(${key}=...) is outside the subset; Trainbench reads the layers and name=`, at);
    }
    void s;
  };

  const randomData = (call: CallExpr): number | undefined => {
    const pick = (e: Expr | undefined): number | undefined => {
      if (!e) return undefined;
      const v = e.type === 'List' || e.type === 'Tuple' || e.type === 'Number' ? literal(e, env, 'data shape') : undefined;
      const first: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
      return typeof first === 'number' && Number.isInteger(first) && first > 0 ? first : undefined;
    };
    const sizeKw = call.keywords.find((k) => k.name === 'size' || k.name === 'shape');
    const path = pathOf(call.func, env) ?? '';
    const positional = /\.randint$/.test(path) ? call.args[2] : call.args[0];
    return pick(sizeKw?.value) ?? pick(positional);
  };

  const dataCall = (call: CallExpr): { reason: string; source: DatasetSource } | null => {
    const path = pathOf(call.func, env);
    if (path === null) return null;
    const sub = kerasSubpath(path);
    const m = sub ? /^datasets\.(fashion_mnist|mnist)\.load_data$/.exec(sub) : null;
    if (m) {
      const kind = m[1] === 'mnist' ? 'mnist' : 'fashion-mnist';
      return { reason: `training data: loaded by Trainbench as dataset kind '${kind}'`, source: { kind } };
    }
    if (/^(tensorflow|numpy)\.random\.\w+$/.test(path) && !/\.(set_)?seed$/.test(path)) {
      const samples = randomData(call);
      const source: DatasetSource = samples === undefined ? { kind: 'random' } : { kind: 'random', samples };
      return { reason: `random training data${samples ? ` (${samples} samples)` : ''}: imported as dataset kind 'random'`, source };
    }
    return null;
  };

  const seedCall = (call: CallExpr): boolean => {
    const path = pathOf(call.func, env) ?? '';
    const sub = kerasSubpath(path);
    if (sub !== 'utils.set_random_seed' && path !== 'tensorflow.random.set_seed' && path !== 'numpy.random.seed') return false;
    const v = call.args[0] ? literal(call.args[0], env, 'seed') : undefined;
    if (typeof v !== 'number') fail('the seed must be a whole number', call);
    seed = v;
    return true;
  };

  const readsData = (e: Expr): boolean => namesIn(e).some((n) => env.get(n)?.kind === 'data');
  const foreignRoot = (e: Expr): string | null => {
    const root = rootName(e);
    const b = root ? env.get(root) : undefined;
    if (b?.kind === 'module' && !KNOWN_ROOTS.has(b.path.split('.')[0] as string)) return b.path;
    return null;
  };
  const bindTargets = (targets: Expr[], kind: 'data' | 'other'): void => {
    for (const t of targets) for (const n of t.type === 'Name' ? [t.id] : namesIn(t)) env.set(n, { kind });
  };

  const applyFit = (call: CallExpr, s: Stmt | null): void => {
    const read = readFit(call, env);
    fit = { ...(fit ?? {}), ...read.fit };
    if (s) for (const sk of read.skipped) skip(s, sk.reason);
  };

  for (const s of module.body) {
    if (s.type === 'Import') {
      for (const n of s.names) {
        const root = n.path.split('.')[0] as string;
        env.set(n.asname ?? root, { kind: 'module', path: n.asname ? n.path : root });
        if (!KNOWN_ROOTS.has(root)) skip(s, `import of ${n.path}, which is not about the model`);
      }
      continue;
    }
    if (s.type === 'ImportFrom') {
      const root = s.module.split('.')[0] as string;
      for (const n of s.names) env.set(n.asname ?? n.name, { kind: 'module', path: `${s.module}.${n.name}` });
      if (!KNOWN_ROOTS.has(root)) skip(s, `import from ${s.module}, which is not about the model`);
      continue;
    }
    const value = s.value;
    const call = value.type === 'Call' ? value : null;
    if (s.type === 'Assign') {
      const target = s.targets[0] as Expr;
      if (call && kerasSubpath(pathOf(call.func, env))?.match(/^(models\.)?Sequential$/)) {
        sequential(call, target, s);
        continue;
      }
      if (call && isModelMethod(call, 'fit')) {
        applyFit(call, s);
        bindTargets(s.targets, 'other');
        continue;
      }
      const method = call ? isModelMethod(call) : null;
      if (method && MODEL_METHODS_SKIPPED[method]) {
        skip(s, MODEL_METHODS_SKIPPED[method]);
        bindTargets(s.targets, 'other');
        continue;
      }
      const data = call ? dataCall(call) : null;
      if (data) {
        if (dataset === undefined || dataset.kind !== data.source.kind) dataset = data.source;
        skip(s, data.reason);
        bindTargets(s.targets, 'data');
        continue;
      }
      if (call && layerClassOf(call, env) !== null) fail('layers kept in variables (the functional API) are outside the subset; put the layers inside Sequential([...])', call);
      if (readsData(value)) {
        skip(s, "data preprocessing: Trainbench's loaders scale and shape the data themselves");
        bindTargets(s.targets, 'data');
        continue;
      }
      if (target.type === 'Name' && s.targets.length === 1) {
        try {
          const v = literal(value, env, 'value');
          env.set(target.id, { kind: 'const', value: v, used: false, line: s.line, text: textOf(s) });
          continue;
        } catch {
          // Not a literal: fall through to the error below.
        }
      }
      fail('this assignment is outside the Keras subset Trainbench reads (imports, the model, compile, fit, data lines)', value);
    }
    // Expression statements.
    if (!call) {
      skip(s, 'an expression on its own has no effect on the model');
      continue;
    }
    if (isModelMethod(call, 'add')) {
      if (call.args.length !== 1 || call.keywords.length > 0) fail('model.add takes one layer', call);
      addLayer(call.args[0] as Expr);
      continue;
    }
    if (isModelMethod(call, 'compile')) {
      compile = readCompile(call, env);
      continue;
    }
    if (isModelMethod(call, 'fit')) {
      applyFit(call, s);
      continue;
    }
    const method = isModelMethod(call);
    if (method && MODEL_METHODS_SKIPPED[method]) {
      skip(s, MODEL_METHODS_SKIPPED[method]);
      continue;
    }
    if (seedCall(call)) continue;
    if (call.func.type === 'Name' && call.func.id === 'print' && !env.has('print')) {
      skip(s, 'print() only shows output');
      continue;
    }
    const foreign = foreignRoot(call);
    if (foreign) {
      skip(s, `uses ${foreign}, which is not about the model`);
      continue;
    }
    fail('this statement is outside the Keras subset Trainbench reads (imports, the model, compile, fit, data lines)', call);
  }

  if (modelVar === null) fail('no Keras model found; write model = keras.Sequential([...])', { line: 1, col: 1 });
  if (fit === null) fit = fitFromComment(module.comments, modelVar, env);
  for (const [name, b] of env) {
    if (b.kind === 'const' && !b.used) notImported.push({ line: b.line, text: b.text, reason: `${name} is not used by the model` });
  }
  notImported.sort((a, b) => a.line - b.line);
  const spec: ModelSpec = {
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name: modelName,
    input_shape: inputShape ?? [],
    layers,
    compile: compile ?? structuredClone(DEFAULT_COMPILE),
    fit: { ...DEFAULT_FIT, ...(fit ?? {}), ...(seed !== null ? { seed } : {}) },
  };
  return dataset ? { spec, notImported, dataset } : { spec, notImported };
}

/**
 * Trainbench writes fit settings as a comment ("# model.fit(x_train, y_train, epochs=5, ...)")
 * so that its code runs without data; with no real fit call, that comment is read back.
 */
function fitFromComment(comments: { text: string }[], modelVar: string, env: Env): Partial<FitSpec> | null {
  for (const c of comments) {
    const text = c.text.trim();
    if (!text.startsWith(`${modelVar}.fit(`)) continue;
    try {
      const stmt = parsePython(text).body[0];
      const e = stmt?.type === 'Expr' ? stmt.value : null;
      if (e?.type === 'Call') return readFit(e, env).fit;
    } catch {
      // A comment that merely looks like a fit call stays a comment.
    }
  }
  return null;
}
