// Output size of a convolution or pooling window along one spatial dimension, as Keras computes
// it, plus the arithmetic written out for people: valid is floor((I − K + 2·0)/S) + 1, same is
// ceil(I/S). The structured form lets the editor render the same numbers its own way.

export type PaddingMode = 'valid' | 'same';

export interface DimArithmetic {
  /** 'H' (rows) or 'W' (columns). */
  dim: 'H' | 'W';
  /** Input size. */
  I: number;
  /** Kernel or pool size. */
  K: number;
  /** Padding per side used in the formula (0 for valid; for same, Keras pads as needed, see padTotal). */
  P: number;
  /** Stride. */
  S: number;
  /** Output size (may be ≤ 0 for an impossible layer). */
  O: number;
  mode: PaddingMode;
  /** Total padding Keras adds for 'same' (split floor/ceil between the two sides); 0 for valid. */
  padTotal: number;
  /** The arithmetic as text, e.g. "(64 − 3 + 2·0)/1 + 1 = 62" or "ceil(64/2) = 32". */
  text: string;
}

/** Numbers in arithmetic use the true minus sign, as the trace is shown to people. */
export function num(n: number): string {
  return n < 0 ? `−${-n}` : String(n);
}

export function windowOutput(dim: 'H' | 'W', I: number, K: number, S: number, mode: PaddingMode): DimArithmetic {
  if (mode === 'same') {
    const O = Math.ceil(I / S);
    const padTotal = Math.max((O - 1) * S + K - I, 0);
    return { dim, I, K, P: 0, S, O, mode, padTotal, text: `ceil(${num(I)}/${num(S)}) = ${num(O)}` };
  }
  const numerator = I - K + 2 * 0;
  const O = Math.floor(numerator / S) + 1;
  const exact = numerator % S === 0;
  const core = `(${num(I)} − ${num(K)} + 2·0)/${num(S)}`;
  const text = exact ? `${core} + 1 = ${num(O)}` : `floor(${core}) + 1 = ${num(O)}`;
  return { dim, I, K, P: 0, S, O, mode, padTotal: 0, text };
}

/** Both spatial dims of an (H, W, C) input; the text names H and W only when they differ. */
export function windowArithmetic(
  input: readonly number[],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  mode: PaddingMode,
): { dims: [DimArithmetic, DimArithmetic]; text: string } {
  const h = windowOutput('H', input[0] ?? 0, kernel[0], strides[0], mode);
  const w = windowOutput('W', input[1] ?? 0, kernel[1], strides[1], mode);
  const prefix = mode === 'same' ? "padding='same': " : '';
  const text = h.text === w.text ? `${prefix}${h.text}` : `${prefix}H ${h.text}, W ${w.text}`;
  return { dims: [h, w], text };
}

/** Shapes as Keras prints them without the batch: (62, 62, 32), (12544). */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/** Shapes with Keras's batch dimension, as in model.summary(): (None, 62, 62, 32). */
export function formatBatchShape(shape: readonly number[]): string {
  return `(${['None', ...shape.map(String)].join(', ')})`;
}
