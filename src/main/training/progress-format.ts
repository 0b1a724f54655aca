// Text for a run's progress in a terminal: the live one-line bar (TTY) and plain lines (pipes,
// logs), and the final result object `trainbench train --json` prints. Pure functions of events.
import type { Evaluation } from '../../shared/run/run-types';
import type { BatchEndEvent, EpochEndEvent, RunEndedEvent, RunStartedEvent } from '../../shared/training/training-events';

export function formatDurationShort(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toFixed(4);
}

function metricsText(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join('  ');
}

/** `Epoch 1/2 [=======>      ] 31/63  loss 0.6123  accuracy 0.7812  312 samples/s  ETA 0:12` */
export function formatBatchLine(event: BatchEndEvent, epochs: number, batchesPerEpoch: number, width = 20): string {
  const done = Math.min(batchesPerEpoch, event.batch + 1);
  const filled = batchesPerEpoch > 0 ? Math.round((done / batchesPerEpoch) * width) : width;
  const bar = filled >= width ? '='.repeat(width) : `${'='.repeat(Math.max(0, filled - 1))}>${' '.repeat(width - Math.max(1, filled))}`;
  const metrics = metricsText(event.metrics);
  return (
    `Epoch ${event.epoch + 1}/${epochs} [${bar}] ${done}/${batchesPerEpoch}  loss ${fmt(event.loss)}` +
    `${metrics ? `  ${metrics}` : ''}  ${Math.round(event.samplesPerSecond)} samples/s  ETA ${formatDurationShort(event.etaSeconds)}`
  );
}

/** `Epoch 1/2  loss 0.61  accuracy 0.78  val_loss ...  312 samples/s  6.5 s` */
export function formatEpochLine(event: EpochEndEvent, epochs: number): string {
  return `Epoch ${event.epoch + 1}/${epochs}  ${metricsText(event.logs)}  ${Math.round(event.samplesPerSecond)} samples/s  ${(event.durationMs / 1000).toFixed(1)} s`;
}

export function formatStartedLine(event: RunStartedEvent): string {
  const env = event.environment;
  const d = event.dataset;
  return (
    `Run ${event.runId}: ${d.name} (${d.trainSize} train, ${d.validationSize} validation, ${d.testSize} test), ` +
    `backend ${env.backend} (${env.device}), ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} of ${event.batchesPerEpoch} batches` +
    (event.firstEpoch > 0 ? `, resuming at epoch ${event.firstEpoch + 1}` : '')
  );
}

export function formatEvaluationLines(evaluation: Evaluation): string[] {
  const lines = [`Test  loss ${fmt(evaluation.loss)}  ${metricsText(evaluation.metrics)}`];
  if (evaluation.perClassAccuracy && evaluation.classNames) {
    const parts = evaluation.perClassAccuracy.map((a, i) => `${evaluation.classNames?.[i] ?? i} ${(a * 100).toFixed(1)}%`);
    lines.push(`Per class: ${parts.join(', ')}`);
  }
  return lines;
}

export function formatEndedLine(event: RunEndedEvent): string {
  return `Run ${event.runId} ${event.status}${event.reason ? `: ${event.reason}` : ''}`;
}

export interface TrainResultJson {
  id: string;
  status: RunEndedEvent['status'];
  backend: string | null;
  epochs: number;
  samplesPerSecond: number | null;
  final: Record<string, number>;
  /** Why it stopped, failed or diverged (absent when finished). */
  reason?: string;
  /** Where the loss became NaN or infinite (diverged only). */
  at?: { epoch: number; batch: number; step: number };
}

/** Collects what `--json` reports from the run's events as they pass. */
export class TrainResultCollector {
  private started: RunStartedEvent | null = null;
  private lastEpoch: EpochEndEvent | null = null;
  private epochsDone = 0;
  private evaluation: Evaluation | null = null;
  private speeds: number[] = [];

  add(event: RunStartedEvent | EpochEndEvent | { type: 'evaluation'; evaluation: Evaluation }): void {
    if (event.type === 'started') {
      this.started = event;
      this.epochsDone = event.firstEpoch;
    } else if (event.type === 'epoch') {
      this.lastEpoch = event;
      this.epochsDone = event.epoch + 1;
      if (event.samplesPerSecond > 0) this.speeds.push(event.samplesPerSecond);
    } else this.evaluation = event.evaluation;
  }

  result(ended: RunEndedEvent): TrainResultJson {
    const final: Record<string, number> = {};
    if (this.lastEpoch) Object.assign(final, this.lastEpoch.logs);
    if (this.evaluation) {
      final.test_loss = this.evaluation.loss;
      for (const [k, v] of Object.entries(this.evaluation.metrics)) final[`test_${k}`] = v;
    }
    const sps = this.speeds.length > 0 ? this.speeds.reduce((a, b) => a + b, 0) / this.speeds.length : null;
    return {
      id: ended.runId,
      status: ended.status,
      backend: this.started?.environment.backend ?? null,
      epochs: this.epochsDone,
      samplesPerSecond: sps === null ? null : Math.round(sps * 10) / 10,
      final,
      ...(ended.reason ? { reason: ended.reason } : {}),
      ...(ended.at ? { at: ended.at } : {}),
    };
  }
}
