// A model card in Markdown for one run: what the model is (layer table with Keras's shapes and
// parameter counts), what it was trained on and how, where, and how well it did. Pure: the
// caller passes the run and its resolved spec, so the card is testable without a database.
import type { RunDetail } from '../../shared/run/run-types';
import type { ResolvedModel } from '../../shared/spec/resolve-model';
import type { ResolvedLayer } from '../../shared/spec/resolved-layer';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: string[], rows: string[][], rightAligned: Set<number> = new Set()): string {
  const sep = header.map((_, i) => (rightAligned.has(i) ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.map((c, i) => (i < header.length && r !== sep ? cell(c) : c)).join(' | ')} |`).join('\n');
}

const int = (n: number): string => n.toLocaleString('en-US');
const shape = (s: number[]): string => `(None, ${s.join(', ')})`;

function metric(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'NaN';
  return Math.abs(value) >= 1000 || value === Math.round(value) ? String(value) : value.toFixed(4);
}

function layerDetails(layer: ResolvedLayer): string {
  switch (layer.className) {
    case 'Conv2D':
      return `${layer.filters} filters ${layer.kernel_size.join('×')}, strides ${layer.strides.join('×')}, ${layer.padding}, ${layer.activation}`;
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return `pool ${layer.pool_size.join('×')}, strides ${layer.strides.join('×')}, ${layer.padding}`;
    case 'Dense':
      return `${layer.units} units, ${layer.activation}`;
    case 'Dropout':
      return `rate ${layer.rate}`;
    case 'BatchNormalization':
      return `momentum ${layer.momentum}, epsilon ${layer.epsilon}`;
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return [
        `${layer.units} units, ${layer.activation}`,
        layer.return_sequences ? 'returns sequences' : 'returns last output',
        layer.className === 'GRU' ? `reset_after=${layer.reset_after ? 'True' : 'False'}` : '',
      ]
        .filter(Boolean)
        .join(', ');
    default:
      return '';
  }
}

export interface ModelCardOptions {
  generatedAt?: Date;
  trainbenchVersion?: string;
}

export function writeModelCard(run: RunDetail, resolved: ResolvedModel, options: ModelCardOptions = {}): string {
  const spec = run.spec;
  const generated = (options.generatedAt ?? new Date()).toISOString();
  const out: string[] = [];
  out.push(`# Model card: ${run.name}`);
  out.push('');
  out.push(
    `Model **${spec.name}**, run \`${run.id}\` (${run.status}${run.statusReason ? `: ${run.statusReason}` : ''}). ` +
      `Generated ${generated} by Trainbench${options.trainbenchVersion ? ` ${options.trainbenchVersion}` : ''}.`,
  );
  out.push('');
  out.push('## Model');
  out.push('');
  out.push(`Keras-style Sequential model, input shape ${shape(resolved.inputShape)}.`);
  out.push('');
  out.push(
    table(
      ['#', 'Layer (type)', 'Output shape', 'Param #', 'Settings'],
      resolved.layers.map((l) => [String(l.index), `${l.name} (${l.className})`, shape(l.outputShape), int(l.params.trainable + l.params.nonTrainable), layerDetails(l)]),
      new Set([0, 3]),
    ),
  );
  out.push('');
  out.push(`Total params: ${int(resolved.totalParams)} (trainable ${int(resolved.trainableParams)}, non-trainable ${int(resolved.nonTrainableParams)}).`);
  out.push('');
  out.push('## Data');
  out.push('');
  const d = run.dataset;
  out.push(
    table(
      ['Field', 'Value'],
      [
        ['Dataset', `${d.name} (${d.kind})`],
        ['Source', d.source || '(generated)'],
        ['Sample shape', `(${d.inputShape.join(', ')})`],
        ['Classes', d.numClasses > 0 ? `${d.numClasses}${d.classNames.length ? `: ${d.classNames.join(', ')}` : ''}` : 'regression'],
        ['Samples', `train ${int(d.trainSize)}, validation ${int(d.validationSize)}, test ${int(d.testSize)}`],
        ['Normalization', d.normalization || 'none'],
      ],
    ),
  );
  out.push('');
  out.push('## Training');
  out.push('');
  const opt = spec.compile.optimizer;
  out.push(
    table(
      ['Setting', 'Value'],
      [
        ['Optimizer', `${opt.name}, learning_rate=${opt.learning_rate}${opt.momentum !== undefined ? `, momentum=${opt.momentum}` : ''}`],
        ['Loss', spec.compile.loss],
        ['Metrics', spec.compile.metrics.join(', ') || '-'],
        ['Epochs', `${run.epochsDone} of ${run.epochsPlanned} planned`],
        ['Batch size', String(spec.fit.batch_size)],
        ['Validation split', String(spec.fit.validation_split)],
        ['Shuffle', spec.fit.shuffle ? 'yes' : 'no'],
        ['Seed', String(run.seed)],
        ['Started', run.startedAt],
        ['Ended', run.endedAt ?? '-'],
        ['Duration', run.durationMs === null ? '-' : `${(run.durationMs / 1000).toFixed(1)} s`],
        ['Throughput', run.samplesPerSecond === null ? '-' : `${run.samplesPerSecond.toFixed(1)} samples/s`],
      ],
    ),
  );
  out.push('');
  out.push('## Backend');
  out.push('');
  const env = run.environment;
  if (env) {
    out.push(
      table(
        ['Field', 'Value'],
        [
          ['Backend', `${env.backend} (${env.backendPackage})${env.gpu ? ', GPU' : ''}`],
          ['Device', env.device],
          ['TensorFlow.js', env.tfjsVersion],
          ['Trainbench', env.trainbenchVersion],
          ['Node.js', env.nodeVersion],
          ['OS / CPU', `${env.os} / ${env.cpu}`],
          ...(env.fallbackReason ? [['Fallback', env.fallbackReason]] : []),
        ],
      ),
    );
  } else {
    out.push('Not recorded (the run ended before training started).');
  }
  out.push('');
  out.push('## Final metrics');
  out.push('');
  const finals = Object.entries(run.finalMetrics);
  out.push(finals.length ? table(['Metric', 'Last epoch'], finals.map(([k, v]) => [k, metric(v)]), new Set([1])) : 'No epoch finished.');
  out.push('');
  out.push('## Evaluation');
  out.push('');
  const ev = run.evaluation;
  if (!ev) {
    out.push('No test-set evaluation was recorded.');
  } else {
    out.push(table(['Metric', 'Test'], [['loss', metric(ev.loss)], ...Object.entries(ev.metrics).map(([k, v]) => [k, metric(v)])], new Set([1])));
    const names = ev.classNames ?? d.classNames;
    if (ev.perClassAccuracy?.length) {
      out.push('');
      out.push(table(['Class', 'Accuracy'], ev.perClassAccuracy.map((a, i) => [names[i] ?? String(i), metric(a)]), new Set([1])));
    }
    if (ev.confusionMatrix && ev.confusionMatrix.length <= 20) {
      out.push('');
      out.push('Confusion matrix (rows: true class, columns: predicted):');
      out.push('');
      const labels = ev.confusionMatrix.map((_, i) => names[i] ?? String(i));
      out.push(table(['true \\ predicted', ...labels], ev.confusionMatrix.map((row, i) => [labels[i]!, ...row.map(String)]), new Set(labels.map((_, i) => i + 1))));
    }
  }
  out.push('');
  out.push('## Notes');
  out.push('');
  out.push(run.notes.trim() || '-');
  out.push('');
  return out.join('\n');
}
