// The pure parts of the metrics export and the bundle replay: CSV quoting and NaN, JSON nulls,
// and that replayed events carry every point back (a diverged loss included).
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { metricsToCsv, metricsToJson, type RunMetrics } from '../../../src/main/export/metrics-export';
import { replayEvents } from '../../../src/main/export/run-import';
import type { SeriesData } from '../../../src/shared/api/channels/runs-channels';
import type { RunDetail } from '../../../src/shared/run/run-types';
import { TEMPLATES } from '../../../src/shared/spec/templates';

const series: SeriesData[] = [
  { name: 'loss', scope: 'batch', step: [0, 1, 2, 3], epoch: [0, 0, 1, 1], value: [0.7, 0.1 + 0.2, 0.5, NaN] },
  { name: 'accuracy', scope: 'batch', step: [0, 1, 2, 3], epoch: [0, 0, 1, 1], value: [0.5, 0.25, 0.75, 1 / 3] },
  { name: 'loss', scope: 'epoch', step: [1, 3], epoch: [0, 1], value: [0.4, NaN] },
];

const run = {
  id: 'r1',
  name: 'a "quoted", name',
  status: 'diverged',
  statusReason: 'loss became NaN at epoch 2, batch 2',
  spec: TEMPLATES['reference-rnn'].spec,
  environment: null,
  evaluation: null,
  samplesPerSecond: null,
  epochsPlanned: 2,
  finalMetrics: {},
  dataset: { kind: 'random', name: 'Random' },
} as unknown as RunDetail;

describe('metrics export', () => {
  it('writes one CSV row per point, quotes names, spells NaN, keeps full precision', () => {
    const csv = metricsToCsv([{ run, series } satisfies RunMetrics]);
    const rows = Papa.parse<string[]>(csv.trim()).data;
    expect(rows).toHaveLength(1 + 10);
    expect(rows[1]).toEqual(['r1', 'a "quoted", name', 'batch', 'loss', '0', '0', '0.7']);
    expect(Number(rows[2]![6])).toBe(0.1 + 0.2);
    expect(rows[4]![6]).toBe('NaN');
    expect(Number(rows[8]![6])).toBe(1 / 3);
  });

  it('writes JSON with null where a value is NaN', () => {
    const body = JSON.parse(metricsToJson([{ run, series }], new Date(0))) as { exportedAt: string; runs: { series: { value: (number | null)[] }[] }[] };
    expect(body.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(body.runs[0]!.series[0]!.value).toEqual([0.7, 0.1 + 0.2, 0.5, null]);
  });
});

describe('bundle replay', () => {
  it('turns stored points back into batch and epoch events in step order, ending as the run ended', () => {
    const events = replayEvents(run, series);
    expect(events.map((e) => e.type)).toEqual(['batch', 'batch', 'epoch', 'batch', 'batch', 'epoch', 'ended']);
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.map((b) => [b.step, b.epoch, b.batch])).toEqual([[0, 0, 0], [1, 0, 1], [2, 1, 0], [3, 1, 1]]);
    expect(batches[1]!.metrics).toEqual({ accuracy: 0.25 });
    expect(Number.isNaN(batches[3]!.loss)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'ended', runId: 'r1', status: 'diverged', reason: 'loss became NaN at epoch 2, batch 2' });
  });
});
