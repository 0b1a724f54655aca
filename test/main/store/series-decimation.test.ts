// Decimation keeps every bucket's extremes: property-checked on random series with spikes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimateSeries } from '../../../src/main/store/series-decimation';

const series = (values: number[]) => ({ step: values.map((_, i) => i * 2), epoch: values.map((_, i) => Math.floor(i / 10)), value: values });

describe('decimateSeries', () => {
  it('returns a short series whole', () => {
    const d = decimateSeries('loss', 'batch', series([3, 2, 1]), 10);
    expect(d).toEqual({ name: 'loss', scope: 'batch', step: [0, 2, 4], epoch: [0, 0, 0], value: [3, 2, 1] });
  });

  it('keeps min and max of every bucket, so no spike is lost', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 500 }), (values, buckets) => {
        const d = decimateSeries('loss', 'batch', series(values), buckets);
        const n = Math.min(values.length, buckets);
        expect(d.value.length).toBe(n);
        if (values.length <= buckets) return;
        expect(Math.max(...d.max!)).toBe(Math.max(...values));
        expect(Math.min(...d.min!)).toBe(Math.min(...values));
        for (let b = 0; b < n; b++) {
          expect(d.min![b]!).toBeLessThanOrEqual(d.value[b]! + 1e-6 * Math.abs(d.value[b]!));
          expect(d.max![b]!).toBeGreaterThanOrEqual(d.value[b]! - 1e-6 * Math.abs(d.value[b]!));
        }
        expect(d.step[n - 1]).toBe((values.length - 1) * 2);
        expect(d.step).toEqual([...d.step].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('skips NaN inside a bucket and marks an all-NaN bucket as NaN', () => {
    const d = decimateSeries('loss', 'batch', series([1, Number.NaN, 3, Number.NaN, Number.NaN, Number.NaN]), 3);
    expect(d.value.slice(0, 2)).toEqual([1, 3]);
    expect(d.min!.slice(0, 2)).toEqual([1, 3]);
    expect(Number.isNaN(d.value[2])).toBe(true);
  });
});
