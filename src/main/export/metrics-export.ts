// Metrics of one or many runs as CSV (one tidy row per point) or JSON, at full resolution: every
// stored batch and epoch point, read without buckets, never decimated.
import type { SeriesData } from '../../shared/api/channels/runs-channels';
import type { RunDetail } from '../../shared/run/run-types';
import type { RunRepository } from '../store/run-repository';

export const METRICS_JSON_FORMAT = 'trainbench.metrics';
export const METRICS_JSON_VERSION = 1;

export interface RunMetrics {
  run: RunDetail;
  /** Batch series first, then epoch series, in the order the run recorded their names. */
  series: SeriesData[];
}

/** Every series of a run at full resolution (getSeries without buckets). */
export function readAllSeries(store: Pick<RunRepository, 'getSeries'>, run: RunDetail): SeriesData[] {
  const out: SeriesData[] = [];
  if (run.metricNames.batch.length > 0) out.push(...store.getSeries({ runId: run.id, names: run.metricNames.batch, scope: 'batch' }));
  if (run.metricNames.epoch.length > 0) out.push(...store.getSeries({ runId: run.id, names: run.metricNames.epoch, scope: 'epoch' }));
  return out;
}

export function readRunMetrics(store: Pick<RunRepository, 'getRun' | 'getSeries'>, runIds: string[]): RunMetrics[] {
  return runIds.map((id) => {
    const run = store.getRun(id);
    return { run, series: readAllSeries(store, run) };
  });
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest text that reads back as the same double; NaN and ±Infinity spelled as pandas and R read them. */
function csvNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

export const METRICS_CSV_HEADER = ['run_id', 'run_name', 'scope', 'metric', 'step', 'epoch', 'value'] as const;

/** Long ("tidy") CSV: one row per point, so runs with different metrics share one header. */
export function metricsToCsv(runs: RunMetrics[]): string {
  const lines: string[] = [METRICS_CSV_HEADER.join(',')];
  for (const { run, series } of runs) {
    const id = csvField(run.id);
    const name = csvField(run.name);
    for (const s of series) {
      const metric = csvField(s.name);
      for (let i = 0; i < s.value.length; i++) {
        lines.push(`${id},${name},${s.scope},${metric},${s.step[i]},${s.epoch[i]},${csvNumber(s.value[i])}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** JSON with the run's identity, settings summary, final metrics, evaluation and every series as arrays. */
export function metricsToJson(runs: RunMetrics[], exportedAt = new Date()): string {
  const body = {
    format: METRICS_JSON_FORMAT,
    version: METRICS_JSON_VERSION,
    exportedAt: exportedAt.toISOString(),
    runs: runs.map(({ run, series }) => ({
      id: run.id,
      name: run.name,
      status: run.status,
      modelName: run.modelName,
      datasetName: run.datasetName,
      backend: run.backend,
      seed: run.seed,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      epochsDone: run.epochsDone,
      finalMetrics: run.finalMetrics,
      evaluation: run.evaluation,
      // NaN (a diverged loss) becomes null: JSON has no NaN.
      series: series.map((s) => ({ scope: s.scope, name: s.name, step: s.step, epoch: s.epoch, value: s.value.map((v) => (Number.isFinite(v) ? v : null)) })),
    })),
  };
  return `${JSON.stringify(body, null, 1)}\n`;
}
