// One layer through the catalog: check its class and arguments (unknown names get the closest
// valid one), then its input rank, then build it (shape, parameters, arithmetic). Issues come
// back with the layer's position, name and class already in the message.
import { LAYER_CLASS_NAMES } from './model-spec';
import type { ResolvedLayer } from './resolved-layer';
import { closestName } from './closest-name';
import type { IssueDraft } from './layer-args';
import { getLayerDefinition } from './layer-catalog';
import { isBuildFailure, type LayerDefinition } from './layer-definition';
import { rankIssue, type PreviousLayer } from './rank-checks';
import { formatShape, type DimArithmetic } from './shape-arithmetic';
import type { SpecIssue } from './spec-issues';

export interface LayerAnalysis {
  /** 1-based position. */
  index: number;
  name: string;
  className: string;
  /** Null when an earlier layer already broke the shape chain. */
  inputShape: number[] | null;
  outputShape: number[] | null;
  params: { trainable: number; nonTrainable: number } | null;
  /** e.g. "(3·3·3 + 1)·32 = 896". */
  paramFormula: string | null;
  /** Per spatial dim (I, K, P, S, O, mode) for conv and pooling layers. */
  arithmetic: DimArithmetic[] | null;
  /** The full trace line, e.g. "Conv2D 1: (64 − 3 + 2·0)/1 + 1 = 62 → (62, 62, 32)". */
  trace: string | null;
  issues: SpecIssue[];
  resolved: ResolvedLayer | null;
  /** The catalog entry, when the class is known. */
  definition: LayerDefinition | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toIssue(draft: IssueDraft, index: number, name: string, className: string): SpecIssue {
  return {
    layerIndex: index,
    layerName: name,
    className,
    code: draft.code,
    message: `${className} ${index}: ${draft.message}`,
    fix: draft.fix,
    ...(draft.arg ? { arg: draft.arg } : {}),
  };
}

/** Validates the args against the catalog and fills Keras's defaults. */
export function readLayerArgs(def: LayerDefinition, args: Record<string, unknown>, isFirst: boolean): { values: Record<string, unknown>; issues: IssueDraft[] } {
  const values: Record<string, unknown> = {};
  const issues: IssueDraft[] = [];
  const known = def.args.map((a) => a.name);
  for (const [key, value] of Object.entries(args)) {
    if (key === 'input_shape') {
      if (!isFirst) issues.push({ code: 'bad-value', arg: key, message: 'input_shape is only read on the first layer', fix: 'remove it; this layer gets its shape from the layer before' });
      continue;
    }
    const arg = def.args.find((a) => a.name === key);
    if (arg) {
      if (value === undefined) continue;
      const result = arg.read(value);
      if (result.ok) values[key] = result.value;
      else issues.push(result.issue);
      continue;
    }
    if (def.unsupported.includes(key)) {
      issues.push({ code: 'unsupported-argument', arg: key, message: `${key} is a Keras argument Trainbench does not support`, fix: `remove ${key}=...; ${def.className} takes ${known.join(', ') || 'no arguments'}` });
      continue;
    }
    const near = closestName(key, [...known, ...def.unsupported]);
    const takes = `${def.className} takes ${known.join(', ') || 'no arguments'}`;
    issues.push({ code: 'unknown-argument', arg: key, message: `unknown argument '${key}'`, fix: near ? `did you mean ${near}? (${takes})` : takes });
  }
  for (const arg of def.args) {
    if (key(values, arg.name) || issues.some((i) => i.arg === arg.name)) continue;
    if (arg.required) {
      const example = arg.read(undefined);
      const hint = example.ok ? '' : ` (${example.issue.fix})`;
      issues.push({ code: 'missing-argument', arg: arg.name, message: `${arg.name} is required`, fix: `give ${arg.name}${hint}` });
    } else {
      const read = arg.read(arg.default);
      values[arg.name] = read.ok ? read.value : arg.default;
    }
  }
  return { values, issues };
}

function key(record: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}

export function analyzeLayer(layer: unknown, index: number, name: string, inputShape: number[] | null, previous: PreviousLayer | null): LayerAnalysis {
  const className = isRecord(layer) && typeof layer.className === 'string' ? layer.className : String(isRecord(layer) ? layer.className : layer);
  const base: LayerAnalysis = {
    index,
    name,
    className,
    inputShape,
    outputShape: null,
    params: null,
    paramFormula: null,
    arithmetic: null,
    trace: null,
    issues: [],
    resolved: null,
    definition: null,
  };
  const def = getLayerDefinition(className);
  if (!def) {
    const near = closestName(className, LAYER_CLASS_NAMES);
    const list = LAYER_CLASS_NAMES.join(', ');
    base.issues.push(toIssue({ code: 'unknown-layer', message: `unknown layer class '${className}'`, fix: near ? `did you mean ${near}? (Trainbench has ${list})` : `use one of ${list}` }, index, name, className));
    return base;
  }
  base.definition = def;
  const rawArgs = isRecord(layer) ? layer.args ?? {} : {};
  if (!isRecord(rawArgs)) {
    base.issues.push(toIssue({ code: 'bad-value', message: `args must be a record of Keras keyword arguments, got ${JSON.stringify(rawArgs)}`, fix: 'use e.g. { "units": 10 }' }, index, name, className));
    return base;
  }
  const { values, issues } = readLayerArgs(def, rawArgs, index === 1);
  base.issues.push(...issues.map((d) => toIssue(d, index, name, className)));
  if (base.issues.length > 0 || inputShape === null) return base;
  const rank = rankIssue(def, inputShape, previous);
  if (rank) {
    base.issues.push(toIssue(rank, index, name, className));
    return base;
  }
  const built = def.build({ index, name, inputShape, values });
  if (isBuildFailure(built)) {
    base.issues.push(...built.issues.map((d) => toIssue(d, index, name, className)));
    return base;
  }
  base.outputShape = built.outputShape;
  base.params = { trainable: built.params.trainable, nonTrainable: built.params.nonTrainable };
  base.paramFormula = built.params.formula;
  base.arithmetic = built.arithmetic;
  base.trace = `${className} ${index}: ${built.trace} → ${formatShape(built.outputShape)}`;
  base.resolved = {
    ...built.fields,
    name,
    index,
    inputShape: [...inputShape],
    outputShape: built.outputShape,
    params: base.params,
  } as unknown as ResolvedLayer;
  return base;
}
