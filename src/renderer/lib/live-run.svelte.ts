// One training run as the Train view watches it: scalar progress as runes (redrawn at most once a
// frame), chart points as plain arrays the charts read in place. Fed by 'training:event', and
// caught up from runs:series when the page attaches to a run that is already going.
import type { BatchEndEvent, EpochEndEvent, TrainingEvent } from '../../shared/training/training-events';
import type { DatasetDescriptor, Environment, Evaluation, RunStatus } from '../../shared/run/run-types';
import type { SeriesData } from '../../shared/api/channels/runs-channels';
import { Ema, SERIES_COLORS, type ChartFeed, type ChartLine } from './chart-core';

/** Events count epochs from 0 (as Keras's callbacks do); people count from 1. */
export const EPOCH_BASE = 1;

class Feed implements ChartFeed {
  lines: ChartLine[] = [];
  private readonly listeners = new Set<() => void>();
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(): void {
    for (const l of this.listeners) l();
  }
}

/** Per-batch metric: the raw values faint underneath, the smoothed line on top. */
class BatchSeries {
  readonly feed = new Feed();
  private readonly raw: ChartLine;
  private readonly smooth: ChartLine;
  private readonly ema = new Ema(0.9);
  constructor(label: string, color: string) {
    this.raw = { label: `${label} (raw)`, color, points: [], faint: true };
    this.smooth = { label: `${label} (smoothed)`, color, points: [] };
    this.feed.lines.push(this.raw, this.smooth);
  }
  push(step: number, value: number): void {
    this.raw.points.push({ x: step, y: value });
    this.smooth.points.push({ x: step, y: this.ema.push(value) });
  }
  get length(): number {
    return this.raw.points.length;
  }
}

/** Per-epoch metric: the train line and, when present, the validation line. */
class EpochSeries {
  readonly feed = new Feed();
  private readonly train: ChartLine;
  private val: ChartLine | null = null;
  constructor(private readonly label: string) {
    this.train = { label: `train ${label}`, color: SERIES_COLORS.train, points: [], markers: true };
    this.feed.lines.push(this.train);
  }
  get length(): number {
    return this.train.points.length + (this.val?.points.length ?? 0);
  }
  push(epoch: number, train: number | undefined, val: number | undefined): void {
    if (train !== undefined) this.train.points.push({ x: epoch, y: train });
    if (val !== undefined) {
      if (!this.val) {
        this.val = { label: `validation ${this.label}`, color: SERIES_COLORS.val, points: [], markers: true };
        this.feed.lines.push(this.val);
      }
      this.val.points.push({ x: epoch, y: val });
    }
  }
}

export class LiveRun {
  readonly runId: string;
  status = $state<RunStatus>('running');
  reason = $state<string | null>(null);
  divergedAt = $state<{ epoch: number; batch: number; step: number } | null>(null);
  epoch = $state(0);
  batch = $state(0);
  step = $state(0);
  epochs = $state(0);
  firstEpoch = $state(0);
  firstStep = $state(0);
  batchesPerEpoch = $state(0);
  samplesPerSecond = $state(0);
  etaSeconds = $state<number | null>(null);
  lastLoss = $state<number | null>(null);
  lastAccuracy = $state<number | null>(null);
  epochLogs = $state<Record<string, number>>({});
  environment = $state<Environment | null>(null);
  dataset = $state<DatasetDescriptor | null>(null);
  evaluation = $state<Evaluation | null>(null);
  messages = $state<{ level: 'info' | 'warn'; message: string }[]>([]);
  startedAt = Date.now();

  readonly batchLoss = new BatchSeries('loss', SERIES_COLORS.train);
  readonly batchAccuracy = new BatchSeries('accuracy', '#17a673');
  readonly epochLoss = new EpochSeries('loss');
  readonly epochAccuracy = new EpochSeries('accuracy');

  private pendingBatch: BatchEndEvent | null = null;
  private frame = 0;
  private lastFlush = 0;

  constructor(runId: string) {
    this.runId = runId;
  }

  get progress(): number {
    const sessionEpochs = Math.max(1, this.epochs - this.firstEpoch);
    const total = sessionEpochs * Math.max(1, this.batchesPerEpoch);
    const done = this.step - this.firstStep + (this.batchesPerEpoch ? 1 : 0);
    if (this.status === 'finished') return 1;
    return Math.min(1, Math.max(0, done / total));
  }

  get active(): boolean {
    return this.status === 'running';
  }

  handle(event: TrainingEvent): void {
    if (event.runId !== this.runId) return;
    switch (event.type) {
      case 'started':
        this.environment = event.environment;
        this.dataset = event.dataset;
        this.epochs = event.epochs;
        this.batchesPerEpoch = event.batchesPerEpoch;
        this.firstStep = event.firstStep;
        this.firstEpoch = event.firstEpoch;
        this.step = event.firstStep;
        this.epoch = event.firstEpoch;
        this.status = 'running';
        break;
      case 'batch':
        this.batchLoss.push(event.step, event.loss);
        {
          const acc = event.metrics['accuracy'] ?? event.metrics['acc'];
          if (acc !== undefined) this.batchAccuracy.push(event.step, acc);
        }
        // Scalars change every batch; the DOM needs them once a frame at most.
        this.pendingBatch = event;
        this.schedule();
        break;
      case 'epoch':
        this.pushEpoch(event);
        this.epochLogs = event.logs;
        this.samplesPerSecond = event.samplesPerSecond;
        break;
      case 'evaluation':
        this.evaluation = event.evaluation;
        break;
      case 'ended':
        this.flush();
        this.status = event.status;
        this.reason = event.reason;
        this.divergedAt = event.at ?? null;
        this.etaSeconds = 0;
        break;
      case 'log':
        this.messages = [...this.messages.slice(-19), { level: event.level, message: event.message }];
        break;
    }
  }

  private pushEpoch(event: EpochEndEvent): void {
    const x = event.epoch + EPOCH_BASE;
    this.epochLoss.push(x, event.logs['loss'], event.logs['val_loss']);
    this.epochAccuracy.push(x, event.logs['accuracy'] ?? event.logs['acc'], event.logs['val_accuracy'] ?? event.logs['val_acc']);
    this.epochLoss.feed.notify();
    this.epochAccuracy.feed.notify();
  }

  /** Numbers people read need no more than ~8 updates a second; charts have their own pace. */
  private schedule(): void {
    if (this.frame) return;
    const wait = Math.max(0, this.lastFlush + 120 - performance.now());
    this.frame = window.setTimeout(() => {
      requestAnimationFrame(() => {
        this.frame = 0;
        this.flush();
      });
    }, wait);
  }

  private flush(): void {
    this.lastFlush = performance.now();
    const e = this.pendingBatch;
    this.pendingBatch = null;
    this.batchLoss.feed.notify();
    this.batchAccuracy.feed.notify();
    if (!e) return;
    this.epoch = e.epoch;
    this.batch = e.batch;
    this.step = e.step;
    this.samplesPerSecond = e.samplesPerSecond;
    this.etaSeconds = e.etaSeconds;
    this.lastLoss = e.loss;
    this.lastAccuracy = e.metrics['accuracy'] ?? e.metrics['acc'] ?? null;
  }

  /** Fills the charts with what was recorded before this page attached. */
  catchUp(batch: SeriesData[], epoch: SeriesData[]): void {
    for (const s of batch) {
      const target = s.name === 'loss' ? this.batchLoss : s.name === 'accuracy' ? this.batchAccuracy : null;
      if (!target || target.length > 0) continue;
      s.step.forEach((step, i) => target.push(step, s.value[i]!));
    }
    const pair = (series: EpochSeries, train: string, val: string) => {
      if (series.length > 0) return;
      const t = epoch.find((s) => s.name === train);
      const v = epoch.find((s) => s.name === val);
      const n = Math.max(t?.epoch.length ?? 0, v?.epoch.length ?? 0);
      for (let i = 0; i < n; i++) series.push((t?.epoch[i] ?? v?.epoch[i] ?? i) + EPOCH_BASE, t?.value[i], v?.value[i]);
      series.feed.notify();
    };
    pair(this.epochLoss, 'loss', 'val_loss');
    pair(this.epochAccuracy, 'accuracy', 'val_accuracy');
    const last = batch.find((s) => s.name === 'loss');
    if (last && last.step.length) {
      this.step = last.step[last.step.length - 1]!;
      this.epoch = last.epoch[last.epoch.length - 1]!;
    }
    this.batchLoss.feed.notify();
    this.batchAccuracy.feed.notify();
  }
}
