// The whole model checked at once for the editor: never throws, returns every issue, each
// layer's shapes, parameters and arithmetic as far as the shape chain holds, the trace lines,
// and the ResolvedModel when nothing is wrong.
import type { LossName, ModelSpec } from './model-spec';
import type { ResolvedLayer } from './resolved-layer';
import type { ResolvedModel } from './resolved-model';
import { analyzeLayer, type LayerAnalysis } from './analyze-layer';
import { assignLayerNames } from './auto-names';
import { compileIssues, fitIssues, inputShapeIssues } from './model-level-checks';
import { outputIssues } from './output-checks';
import type { PreviousLayer } from './rank-checks';
import { formatShape } from './shape-arithmetic';
import type { SpecIssue } from './spec-issues';
import { showValue } from './layer-args';

export type { LayerAnalysis } from './analyze-layer';

export interface ModelAnalysis {
  /** True when there are no issues (then `resolved` is set). */
  ok: boolean;
  issues: SpecIssue[];
  inputShape: number[] | null;
  outputShape: number[] | null;
  layers: LayerAnalysis[];
  /** Sums over the layers whose parameters are known. */
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** "Input: (64, 64, 3)", then one line per layer as far as shapes are known. */
  trace: string[];
  resolved: ResolvedModel | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameShape = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The model's input: spec.input_shape, or input_shape= on the first layer as Keras writes it. */
function effectiveInputShape(spec: Record<string, unknown>, layers: unknown[]): { shape: unknown; issues: SpecIssue[] } {
  const first = layers[0];
  const firstArgs = isRecord(first) && isRecord(first.args) ? first.args : {};
  const onLayer = firstArgs.input_shape;
  const onModel = spec.input_shape;
  const modelEmpty = onModel === undefined || onModel === null || (Array.isArray(onModel) && onModel.length === 0);
  if (onLayer === undefined) return { shape: onModel, issues: [] };
  if (modelEmpty) return { shape: onLayer, issues: [] };
  if (sameShape(onLayer, onModel)) return { shape: onModel, issues: [] };
  const issue: SpecIssue = {
    layerIndex: 1,
    layerName: null,
    className: isRecord(first) ? String(first.className) : null,
    code: 'input-shape-conflict',
    message: `Model: the first layer says input_shape=${showValue(onLayer)} but the model's input shape is ${showValue(onModel)}`,
    fix: 'keep one of them',
  };
  return { shape: onModel, issues: [issue] };
}

export function analyzeModel(spec: ModelSpec): ModelAnalysis {
  const raw: Record<string, unknown> = isRecord(spec) ? (spec) : {};
  const layers: unknown[] = Array.isArray(raw.layers) ? raw.layers : [];
  const issues: SpecIssue[] = [];
  const input = effectiveInputShape(raw, layers);
  issues.push(...input.issues);
  const inputIssues = inputShapeIssues(input.shape);
  issues.push(...inputIssues);
  const inputShape = inputIssues.length === 0 ? [...(input.shape as number[])] : null;
  if (layers.length === 0) {
    issues.push({
      layerIndex: null,
      layerName: null,
      className: null,
      code: 'empty-model',
      message: 'Model: has no layers',
      fix: "add layers, e.g. Flatten() and Dense(10, activation='softmax'), or start from a template",
    });
  }
  const given = layers.map((l) => ({
    className: isRecord(l) ? String(l.className) : String(l),
    name: isRecord(l) && typeof l.name === 'string' ? l.name : undefined,
  }));
  const names = assignLayerNames(given);
  const seen = new Map<string, number>();
  const analyses: LayerAnalysis[] = [];
  const trace: string[] = inputShape ? [`Input: ${formatShape(inputShape)}`] : [];
  let shape: number[] | null = inputShape;
  let previous: PreviousLayer | null = null;
  layers.forEach((layer, i) => {
    const index = i + 1;
    const name = names[i] ?? `layer_${index}`;
    const analysis = analyzeLayer(layer, index, name, shape, previous);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      analysis.issues.push({
        layerIndex: index,
        layerName: name,
        className: analysis.className,
        code: 'duplicate-name',
        message: `${analysis.className} ${index}: the name '${name}' is already used by layer ${earlier}`,
        fix: 'give each layer its own name, or leave name out for the Keras auto-name',
      });
    }
    seen.set(name, index);
    issues.push(...analysis.issues);
    analyses.push(analysis);
    if (analysis.trace) trace.push(analysis.trace);
    else if (shape !== null) for (const issue of analysis.issues) trace.push(issue.message);
    shape = analysis.outputShape;
    const resolved = analysis.resolved;
    previous = {
      index,
      name,
      className: analysis.className,
      family: analysis.definition?.family ?? null,
      returnSequences: resolved !== null && 'return_sequences' in resolved && resolved.return_sequences,
    };
  });
  const chainComplete = layers.length > 0 && analyses.every((a) => a.outputShape !== null);
  const compileProblems = compileIssues(raw.compile);
  issues.push(...compileProblems);
  issues.push(...fitIssues(raw.fit));
  if (chainComplete && compileProblems.every((p) => p.arg !== 'loss')) {
    issues.push(...headIssues(analyses, (raw.compile as { loss: LossName }).loss));
  }
  const sum = (pick: (p: { trainable: number; nonTrainable: number }) => number): number =>
    analyses.reduce((acc, a) => acc + (a.params ? pick(a.params) : 0), 0);
  const trainableParams = sum((p) => p.trainable);
  const nonTrainableParams = sum((p) => p.nonTrainable);
  const ok = issues.length === 0;
  const outputShape = chainComplete ? (analyses[analyses.length - 1]?.outputShape ?? null) : null;
  const resolved: ResolvedModel | null =
    ok && inputShape
      ? {
          spec,
          inputShape,
          layers: analyses.map((a) => a.resolved as ResolvedLayer),
          totalParams: trainableParams + nonTrainableParams,
          trainableParams,
          nonTrainableParams,
        }
      : null;
  return { ok, issues, inputShape, outputShape, layers: analyses, totalParams: trainableParams + nonTrainableParams, trainableParams, nonTrainableParams, trace, resolved };
}

/** Loss against the last layer; the head is the last layer, looking through trailing Dropout. */
function headIssues(analyses: LayerAnalysis[], loss: LossName): SpecIssue[] {
  let h = analyses.length - 1;
  while (h > 0 && analyses[h]?.className === 'Dropout') h -= 1;
  const head = analyses[h];
  const last = analyses[analyses.length - 1];
  if (!head || !last || !last.outputShape) return [];
  const resolved = head.resolved as { activation?: string; return_sequences?: boolean } | null;
  const drafts = outputIssues(
    {
      index: head.index,
      name: head.name,
      className: head.className,
      activation: resolved?.activation ?? 'linear',
      outputShape: last.outputShape,
      returnsSequences: resolved?.return_sequences === true,
    },
    loss,
  );
  return drafts.map((d) => ({
    layerIndex: head.index,
    layerName: head.name,
    className: head.className,
    code: d.code,
    message: `${head.className} ${head.index}: ${d.message}`,
    fix: d.fix,
    ...(d.arg ? { arg: d.arg } : {}),
  }));
}
