// The terminal's view of a run: the live bar line, epoch lines, and the --json result built from events.
import { describe, expect, it } from 'vitest';
import { formatBatchLine, formatDurationShort, formatEpochLine, TrainResultCollector } from '../../../src/main/training/progress-format';

describe('progress format', () => {
  it('draws the batch line with epoch, bar, loss, metrics, speed and ETA', () => {
    const line = formatBatchLine(
      { type: 'batch', runId: 'r', epoch: 0, batch: 30, step: 30, loss: 0.61234, metrics: { accuracy: 0.78125 }, samplesPerSecond: 312.4, etaSeconds: 72 },
      2,
      63,
    );
    expect(line).toBe('Epoch 1/2 [=========>          ] 31/63  loss 0.6123  accuracy 0.7813  312 samples/s  ETA 1:12');
    const full = formatBatchLine({ type: 'batch', runId: 'r', epoch: 1, batch: 62, step: 125, loss: 0.5, metrics: {}, samplesPerSecond: 300, etaSeconds: 0 }, 2, 63);
    expect(full).toContain('[====================] 63/63');
  });

  it('writes durations as m:ss or h:mm:ss', () => {
    expect(formatDurationShort(5)).toBe('0:05');
    expect(formatDurationShort(3725)).toBe('1:02:05');
    expect(formatDurationShort(Number.NaN)).toBe('--:--');
  });

  it('writes epoch lines with every log', () => {
    const line = formatEpochLine({ type: 'epoch', runId: 'r', epoch: 1, step: 9, logs: { loss: 0.5, val_loss: 0.6 }, samplesPerSecond: 99.6, durationMs: 6500 }, 3);
    expect(line).toBe('Epoch 2/3  loss 0.5000  val_loss 0.6000  100 samples/s  6.5 s');
  });

  it('collects the --json result: last epoch logs, test_ metrics, mean speed, reason and where it diverged', () => {
    const c = new TrainResultCollector();
    c.add({ type: 'epoch', runId: 'r', epoch: 0, step: 9, logs: { loss: 0.9, accuracy: 0.5 }, samplesPerSecond: 100, durationMs: 1 });
    c.add({ type: 'epoch', runId: 'r', epoch: 1, step: 19, logs: { loss: 0.7, accuracy: 0.6 }, samplesPerSecond: 300, durationMs: 1 });
    c.add({ type: 'evaluation', evaluation: { loss: 0.8, metrics: { accuracy: 0.55 } } });
    expect(c.result({ type: 'ended', runId: 'r', status: 'finished', reason: null })).toEqual({
      id: 'r',
      status: 'finished',
      backend: null,
      epochs: 2,
      samplesPerSecond: 200,
      final: { loss: 0.7, accuracy: 0.6, test_loss: 0.8, test_accuracy: 0.55 },
    });
    const diverged = c.result({ type: 'ended', runId: 'r', status: 'diverged', reason: 'NaN', at: { epoch: 2, batch: 3, step: 23 } });
    expect(diverged.at).toEqual({ epoch: 2, batch: 3, step: 23 });
    expect(diverged.reason).toBe('NaN');
  });
});
