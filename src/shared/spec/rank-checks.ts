// A layer fed the wrong kind of tensor: convolutions need images (H, W, C), Dense needs a flat
// vector, recurrent layers need sequences (timesteps, features). Each case gets its own fix,
// such as "add Flatten()" or "set return_sequences=True on LSTM 1". Keras itself would apply Dense
// to the last axis of an image or sequence; Trainbench asks for a flat vector because its losses
// and loaders compare one vector per sample, and the silent per-pixel Dense is the usual mistake.
import type { IssueDraft } from './layer-args';
import type { LayerDefinition } from './layer-definition';
import { formatShape } from './shape-arithmetic';

/** The layer before the one checked; null when it is the model input. */
export interface PreviousLayer {
  index: number;
  name: string;
  className: string;
  family: LayerDefinition['family'] | null;
  returnSequences: boolean;
}

function source(shape: number[], previous: PreviousLayer | null): string {
  return previous ? `${formatShape(shape)} from ${previous.className} ${previous.index} (${previous.name})` : `${formatShape(shape)}, the model input`;
}

export function rankIssue(def: LayerDefinition, shape: number[], previous: PreviousLayer | null): IssueDraft | null {
  const rank = shape.length;
  if (def.inputRank === 'any' || def.inputRank === rank) return null;
  const from = source(shape, previous);
  if (def.inputRank === 3) {
    let fix: string;
    if (previous === null) fix = rank === 2 ? `give the model an image input shape with channels, e.g. ${formatShape([...shape, 1])}` : 'give the model an image input shape such as (28, 28, 1)';
    else if (previous.family === 'recurrent') fix = `${def.className} cannot follow a recurrent layer; put convolution and pooling layers first`;
    else fix = `put convolution and pooling layers before Flatten and Dense`;
    return { code: 'wrong-rank', message: `needs an image (height, width, channels) but its input is ${from}`, fix };
  }
  if (def.inputRank === 1) {
    if (rank === 3) return { code: 'wrong-rank', message: `needs a flat vector but its input is the image ${from}`, fix: 'add Flatten() or GlobalAveragePooling2D() before it' };
    if (previous?.family === 'recurrent' && previous.returnSequences) {
      return {
        code: 'wrong-rank',
        message: `needs a flat vector but its input is the sequence ${from}`,
        fix: `set return_sequences=False on ${previous.className} ${previous.index}, or add Flatten() before it`,
      };
    }
    return {
      code: 'wrong-rank',
      message: `needs a flat vector but its input is the sequence ${from}`,
      fix: 'add Flatten() before it, or a recurrent layer (SimpleRNN, LSTM, GRU) to read the sequence',
    };
  }
  // Recurrent layers: (timesteps, features).
  if (rank === 3) {
    const [h, w, c] = shape as [number, number, number];
    const fix =
      previous === null
        ? `use input shape ${formatShape([h, w * c])} to read each image row as one timestep`
        : `build the recurrent model on a (timesteps, features) input, e.g. ${formatShape([h, w * c])} with each image row as one timestep, without Conv2D or pooling before it`;
    return {
      code: 'recurrent-on-images',
      message: `is fed images ${from}, but reads sequences (timesteps, features), and there is no reshape between them`,
      fix,
    };
  }
  if (previous?.family === 'recurrent' && !previous.returnSequences) {
    return {
      code: 'recurrent-needs-sequences',
      message: `needs a sequence (timesteps, features) but ${previous.className} ${previous.index} (${previous.name}) returns only its last output ${formatShape(shape)}`,
      fix: `set return_sequences=True on ${previous.className} ${previous.index}`,
    };
  }
  return {
    code: 'wrong-rank',
    message: `needs a sequence (timesteps, features) but its input is ${from}`,
    fix: previous === null ? 'give the model an input shape (timesteps, features), e.g. (10, 8)' : 'put recurrent layers before Flatten and Dense',
  };
}
