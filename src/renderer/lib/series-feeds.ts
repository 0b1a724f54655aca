// Turns recorded series (runs:series) into chart lines: a batch metric as its bucket mean over a
// faint min–max band (so spikes survive decimation), an epoch metric as train vs validation, and
// several runs overlaid by epoch or by step for Compare.
import type { SeriesData } from '../../shared/api/channels/runs-channels';
import { Ema, SERIES_COLORS, type ChartFeed, type ChartLine, type XY } from './chart-core';
import { EPOCH_BASE } from './live-run.svelte';

export function batchFeed(series: SeriesData | undefined, color: string, label: string): ChartFeed {
  if (!series) return { lines: [] };
  const lines: ChartLine[] = [];
  if (series.min && series.max) {
    lines.push({ label: `${label} min`, color, points: series.step.map((x, i) => ({ x, y: series.min![i]! })), fillToNext: true, hideInLegend: true, faint: true });
    lines.push({ label: `${label} max`, color, points: series.step.map((x, i) => ({ x, y: series.max![i]! })), hideInLegend: true, faint: true });
  } else {
    lines.push({ label: `${label} (raw)`, color, points: series.step.map((x, i) => ({ x, y: series.value[i]! })), faint: true });
  }
  const ema = new Ema(series.min ? 0.6 : 0.9);
  lines.push({ label: `${label} (smoothed)`, color, points: series.step.map((x, i) => ({ x, y: ema.push(series.value[i]!) })) });
  return { lines };
}

export function epochFeed(series: SeriesData[], metric: string): ChartFeed {
  const lines: ChartLine[] = [];
  const train = series.find((s) => s.name === metric);
  const val = series.find((s) => s.name === `val_${metric}`);
  const toPoints = (s: SeriesData): XY[] => s.epoch.map((e, i) => ({ x: e + EPOCH_BASE, y: s.value[i]! }));
  if (train) lines.push({ label: `train ${metric}`, color: SERIES_COLORS.train, points: toPoints(train), markers: true });
  if (val) lines.push({ label: `validation ${metric}`, color: SERIES_COLORS.val, points: toPoints(val), markers: true });
  return { lines };
}

export type AlignBy = 'epoch' | 'step';

/** Where a point sits on the shared axis: its global step, or epoch plus its fraction through it. */
export function alignedX(series: SeriesData, by: AlignBy): number[] {
  if (by === 'step') return series.step.slice();
  if (series.scope === 'epoch') return series.epoch.map((e) => e + EPOCH_BASE);
  // Batch points within an epoch spread evenly over [epoch, epoch + 1).
  const xs: number[] = new Array<number>(series.step.length);
  let i = 0;
  while (i < series.epoch.length) {
    let j = i;
    while (j < series.epoch.length && series.epoch[j] === series.epoch[i]) j++;
    const n = j - i;
    for (let k = i; k < j; k++) xs[k] = series.epoch[k]! + (k - i + 1) / n - 1 + EPOCH_BASE;
    i = j;
  }
  return xs;
}

export function overlayLine(series: SeriesData, by: AlignBy, label: string, color: string, opts: { dashed?: boolean; smooth?: boolean } = {}): ChartLine {
  const xs = alignedX(series, by);
  const ema = opts.smooth ? new Ema(0.6) : null;
  return {
    label,
    color,
    dashed: opts.dashed,
    markers: series.scope === 'epoch',
    points: xs.map((x, i) => ({ x, y: ema ? ema.push(series.value[i]!) : series.value[i]! })),
  };
}
