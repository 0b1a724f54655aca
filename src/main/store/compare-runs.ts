// Side-by-side comparison of runs: every setting flattened to a dotted key with a `differs`
// flag, and the final metrics with the best run marked (max for accuracy, min for loss/error).
import type { CompareResult, SettingDifference } from '../../shared/api/channels/runs-channels';
import type { RunDetail } from '../../shared/run/run-types';

/** Flattens nested objects and arrays into 'a.b', 'layers[2].args.units' keys; leaves are JSON values. */
export function flattenSettings(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value)) {
    // Arrays of plain numbers/strings (shapes, kernel sizes, class names) read better whole.
    if (value.every((v) => v === null || typeof v !== 'object')) out.set(prefix, value);
    else value.forEach((v, i) => flattenSettings(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) flattenSettings(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** What a run was set up with: what the comparison table shows, in this order. */
export function runSettings(run: RunDetail): Map<string, unknown> {
  const { spec, dataset, environment } = run;
  const settings = new Map<string, unknown>();
  flattenSettings(
    {
      model: { name: spec.name, input_shape: spec.input_shape, layer_count: spec.layers.length },
      compile: spec.compile,
      fit: spec.fit,
      seed: run.seed,
      layers: spec.layers.map((l) => ({ className: l.className, ...(l.name ? { name: l.name } : {}), args: l.args })),
      dataset: {
        name: dataset.name,
        kind: dataset.kind,
        source: dataset.source,
        inputShape: dataset.inputShape,
        numClasses: dataset.numClasses,
        trainSize: dataset.trainSize,
        validationSize: dataset.validationSize,
        testSize: dataset.testSize,
        normalization: dataset.normalization,
        options: dataset.options,
      },
      environment: environment
        ? { backend: environment.backend, backendPackage: environment.backendPackage, gpu: environment.gpu, device: environment.device, threads: environment.threads, tfjsVersion: environment.tfjsVersion, trainbenchVersion: environment.trainbenchVersion, os: environment.os, cpu: environment.cpu, nodeVersion: environment.nodeVersion }
        : null,
    },
    '',
    settings,
  );
  return settings;
}

/** 'max' for accuracy-like names, 'min' for loss and error names, null when the direction is unknown. */
export function metricDirection(name: string): 'max' | 'min' | null {
  const n = name.toLowerCase();
  if (/loss|mse|mae|error|perplexity/.test(n)) return 'min';
  if (/acc|precision|recall|auc|f1/.test(n)) return 'max';
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function compareRunDetails(runs: RunDetail[]): CompareResult {
  const perRun = runs.map(runSettings);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const settings of perRun) {
    for (const key of settings.keys()) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
  }
  const settings: SettingDifference[] = keys.map((key) => {
    const values = perRun.map((s) => (s.has(key) ? s.get(key) : null));
    return { key, values, differs: values.some((v) => !sameValue(v, values[0])) };
  });

  // Final epoch metrics first (train and validation), then the test evaluation as test_*.
  const metricValues = new Map<string, (number | null)[]>();
  const put = (name: string, index: number, value: number | undefined) => {
    if (!metricValues.has(name)) metricValues.set(name, runs.map(() => null));
    if (value !== undefined && Number.isFinite(value)) metricValues.get(name)![index] = value;
  };
  runs.forEach((run, i) => {
    for (const [name, value] of Object.entries(run.finalMetrics)) put(name, i, value);
  });
  runs.forEach((run, i) => {
    if (!run.evaluation) return;
    put('test_loss', i, run.evaluation.loss);
    for (const [name, value] of Object.entries(run.evaluation.metrics)) put(name.startsWith('test_') ? name : `test_${name}`, i, value);
  });
  const finalMetrics = [...metricValues].map(([name, values]) => {
    const direction = metricDirection(name);
    let best: number | null = null;
    if (direction) {
      values.forEach((v, i) => {
        if (v === null) return;
        const current = best === null ? null : values[best]!;
        if (current === null || (direction === 'max' ? v > current : v < current)) best = i;
      });
    }
    // A tie across every run that has the metric has no winner worth marking.
    const present = values.filter((v): v is number => v !== null);
    if (present.length > 1 && present.every((v) => v === present[0])) best = null;
    return { name, values, best };
  });
  return { runs, settings, finalMetrics };
}
