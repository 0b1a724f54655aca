// The window formula and its written-out form: floor((I − K + 2·0)/S) + 1 for valid,
// ceil(I/S) for same, checked against the definition over a grid of sizes.
import { describe, expect, it } from 'vitest';
import { formatBatchShape, formatShape, windowArithmetic, windowOutput } from '../../../src/shared/spec/shape-arithmetic';

describe('windowOutput', () => {
  it('writes the reference CNN arithmetic as the editor shows it', () => {
    expect(windowOutput('H', 64, 3, 1, 'valid').text).toBe('(64 − 3 + 2·0)/1 + 1 = 62');
    expect(windowOutput('H', 29, 2, 2, 'valid').text).toBe('floor((29 − 2 + 2·0)/2) + 1 = 14');
    expect(windowOutput('H', 3, 5, 1, 'valid')).toMatchObject({ O: -1, text: '(3 − 5 + 2·0)/1 + 1 = −1' });
    expect(windowOutput('W', 7, 3, 2, 'same')).toMatchObject({ O: 4, padTotal: 2, text: 'ceil(7/2) = 4', mode: 'same' });
  });

  it('agrees with counting window positions (valid) and ceil(I/S) (same) for every small size', () => {
    for (let I = 1; I <= 20; I++) {
      for (let K = 1; K <= 6; K++) {
        for (let S = 1; S <= 4; S++) {
          let positions = 0;
          for (let start = 0; start + K <= I; start += S) positions += 1;
          const valid = windowOutput('H', I, K, S, 'valid');
          if (K <= I) expect(valid.O).toBe(positions);
          else expect(valid.O).toBeLessThanOrEqual(0);
          const same = windowOutput('H', I, K, S, 'same');
          expect(same.O).toBe(Math.ceil(I / S));
          // Keras pads so that the last window ends at or after the input's end.
          expect((same.O - 1) * S + K).toBeLessThanOrEqual(I + same.padTotal);
        }
      }
    }
  });

  it('names H and W only when they differ', () => {
    expect(windowArithmetic([64, 64, 3], [3, 3], [1, 1], 'valid').text).toBe('(64 − 3 + 2·0)/1 + 1 = 62');
    expect(windowArithmetic([64, 32, 3], [3, 3], [1, 1], 'valid').text).toBe('H (64 − 3 + 2·0)/1 + 1 = 62, W (32 − 3 + 2·0)/1 + 1 = 30');
    expect(windowArithmetic([9, 9, 3], [3, 3], [2, 2], 'same').text).toBe("padding='same': ceil(9/2) = 5");
    const { dims } = windowArithmetic([64, 32, 3], [3, 5], [1, 2], 'valid');
    expect(dims.map((d) => [d.dim, d.I, d.K, d.P, d.S, d.O, d.mode])).toEqual([
      ['H', 64, 3, 0, 1, 62, 'valid'],
      ['W', 32, 5, 0, 2, 14, 'valid'],
    ]);
  });

  it('formats shapes with and without the batch', () => {
    expect(formatShape([62, 62, 32])).toBe('(62, 62, 32)');
    expect(formatShape([12544])).toBe('(12544)');
    expect(formatBatchShape([10])).toBe('(None, 10)');
  });
});
