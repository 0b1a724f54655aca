// Shrinks a long metric series to a fixed number of buckets for charts. Each bucket keeps its
// mean, min and max, so a loss spike still shows as a bucket's max: decimation never hides it.
import type { SeriesData } from '../../shared/api/channels/runs-channels';
import type { MetricScope } from '../../shared/run/run-types';

export interface RawSeries {
  step: ArrayLike<number>;
  epoch: ArrayLike<number>;
  /** NaN where the stored value was not finite. */
  value: ArrayLike<number>;
}

/**
 * Full series when it already fits in `buckets`; otherwise point i goes to bucket
 * floor(i * buckets / n) (the same rule the SQL path applies to steps), each bucket reporting the
 * step/epoch of its last point, value = mean of the finite values, and min/max (NaN where none).
 */
export function decimateSeries(name: string, scope: MetricScope, raw: RawSeries, buckets?: number): SeriesData {
  const n = raw.value.length;
  if (buckets === undefined || n <= buckets) {
    return { name, scope, step: Array.from(raw.step), epoch: Array.from(raw.epoch), value: Array.from(raw.value) };
  }
  const step = new Array<number>(buckets);
  const epoch = new Array<number>(buckets);
  const value = new Array<number>(buckets);
  const min = new Array<number>(buckets);
  const max = new Array<number>(buckets);
  let start = 0;
  for (let b = 0; b < buckets; b++) {
    // First index of the next bucket: smallest i with floor(i * buckets / n) > b.
    const end = Math.ceil(((b + 1) * n) / buckets);
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      const v = raw.value[i]!;
      if (Number.isNaN(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
      count++;
    }
    step[b] = raw.step[end - 1]!;
    epoch[b] = raw.epoch[end - 1]!;
    value[b] = count > 0 ? sum / count : NaN;
    min[b] = count > 0 ? lo : NaN;
    max[b] = count > 0 ? hi : NaN;
    start = end;
  }
  return { name, scope, step, epoch, value, min, max };
}
