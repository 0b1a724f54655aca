// Parameter counts with Keras's formulas, each with the formula written out for the editor.
// Keras: Conv2D (kh·kw·cin + 1)·filters, Dense (in + 1)·units, BatchNormalization 4·C (2·C
// non-trainable), SimpleRNN u·(i+u)+u, LSTM 4·(u·(i+u)+u), GRU (reset_after) 3·(u·(i+u)+2u).

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
  /** The arithmetic, e.g. "(3·3·3 + 1)·32 = 896". */
  formula: string;
}

export function groupThousands(n: number): string {
  return n.toLocaleString('en-US');
}

const none: ParamCount = { trainable: 0, nonTrainable: 0, formula: '0' };
export function noParams(): ParamCount {
  return { ...none };
}

export function conv2dParams(kernel: readonly [number, number], inChannels: number, filters: number, useBias: boolean): ParamCount {
  const [kh, kw] = kernel;
  const total = (kh * kw * inChannels + (useBias ? 1 : 0)) * filters;
  const formula = useBias
    ? `(${kh}·${kw}·${inChannels} + 1)·${filters} = ${groupThousands(total)}`
    : `${kh}·${kw}·${inChannels}·${filters} = ${groupThousands(total)}`;
  return { trainable: total, nonTrainable: 0, formula };
}

export function denseParams(inputs: number, units: number, useBias: boolean): ParamCount {
  const total = (inputs + (useBias ? 1 : 0)) * units;
  const formula = useBias ? `(${inputs} + 1)·${units} = ${groupThousands(total)}` : `${inputs}·${units} = ${groupThousands(total)}`;
  return { trainable: total, nonTrainable: 0, formula };
}

export function batchNormParams(channels: number, center: boolean, scale: boolean): ParamCount {
  const trainable = channels * ((center ? 1 : 0) + (scale ? 1 : 0));
  const nonTrainable = 2 * channels;
  const total = trainable + nonTrainable;
  const learned = [scale ? 'γ' : null, center ? 'β' : null].filter((x) => x !== null).join(', ');
  const formula =
    `${total / channels}·${channels} = ${groupThousands(total)}` +
    ` (${groupThousands(trainable)} trainable${learned ? ` ${learned}` : ''}; ${groupThousands(nonTrainable)} moving mean/variance)`;
  return { trainable, nonTrainable, formula };
}

export function simpleRnnParams(inputs: number, units: number, useBias: boolean): ParamCount {
  const total = units * (inputs + units) + (useBias ? units : 0);
  const formula = `${units}·(${inputs} + ${units})${useBias ? ` + ${units}` : ''} = ${groupThousands(total)}`;
  return { trainable: total, nonTrainable: 0, formula };
}

export function lstmParams(inputs: number, units: number, useBias: boolean): ParamCount {
  const total = 4 * (units * (inputs + units) + (useBias ? units : 0));
  const formula = `4·(${units}·(${inputs} + ${units})${useBias ? ` + ${units}` : ''}) = ${groupThousands(total)}`;
  return { trainable: total, nonTrainable: 0, formula };
}

export function gruParams(inputs: number, units: number, useBias: boolean, resetAfter: boolean): ParamCount {
  const biases = useBias ? (resetAfter ? 2 : 1) : 0;
  const total = 3 * (units * (inputs + units) + biases * units);
  const biasText = biases === 0 ? '' : biases === 2 ? ` + 2·${units}` : ` + ${units}`;
  const formula = `3·(${units}·(${inputs} + ${units})${biasText}) = ${groupThousands(total)}`;
  return { trainable: total, nonTrainable: 0, formula };
}
