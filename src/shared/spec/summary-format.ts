// Keras-style model.summary() as text (Layer (type) / Output Shape / Param #, then the totals),
// and the arithmetic trace under it, so the CLI and the editor print the same thing.
import type { ResolvedModel } from './resolved-model';
import { formatBatchShape } from './shape-arithmetic';
import { groupThousands } from './param-count';

export interface SummaryJson {
  layers: { name: string; className: string; outputShape: number[]; params: number }[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  trace: string[];
}

const pad = (text: string, width: number): string => (text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length));

export function formatSummary(model: ResolvedModel): string {
  const rows = model.layers.map((l) => [` ${l.name} (${l.className})`, formatBatchShape(l.outputShape), groupThousands(l.params.trainable + l.params.nonTrainable)] as const);
  const w0 = Math.max(29, ...rows.map((r) => r[0].length + 2));
  const w1 = Math.max(26, ...rows.map((r) => r[1].length + 2));
  const w2 = 10;
  const width = w0 + w1 + w2;
  const lines: string[] = [`Model: "${model.spec.name}"`, '_'.repeat(width), pad(' Layer (type)', w0) + pad('Output Shape', w1) + 'Param #', '='.repeat(width)];
  rows.forEach((r, i) => {
    lines.push((pad(r[0], w0) + pad(r[1], w1) + r[2]).trimEnd());
    lines.push(i === rows.length - 1 ? '='.repeat(width) : '');
  });
  if (rows.length === 0) lines.push('='.repeat(width));
  lines.push(`Total params: ${groupThousands(model.totalParams)}`);
  lines.push(`Trainable params: ${groupThousands(model.trainableParams)}`);
  lines.push(`Non-trainable params: ${groupThousands(model.nonTrainableParams)}`);
  lines.push('_'.repeat(width));
  return lines.join('\n');
}

/** The summary followed by the shape arithmetic, one line per layer. */
export function formatSummaryWithTrace(model: ResolvedModel, trace: readonly string[]): string {
  return `${formatSummary(model)}\n\nShape arithmetic:\n${trace.map((t) => `  ${t}`).join('\n')}`;
}

export function summaryJson(model: ResolvedModel, trace: readonly string[]): SummaryJson {
  return {
    layers: model.layers.map((l) => ({ name: l.name, className: l.className, outputShape: [...l.outputShape], params: l.params.trainable + l.params.nonTrainable })),
    totalParams: model.totalParams,
    trainableParams: model.trainableParams,
    nonTrainableParams: model.nonTrainableParams,
    trace: [...trace],
  };
}
