// Does the last layer fit the loss? Catches what Keras would train into nonsense or NaN:
// softmax over one unit, binary_crossentropy on a 10-unit softmax, sparse_categorical_crossentropy
// on one sigmoid unit, activations whose outputs are not probabilities, outputs with extra axes.
import type { IssueDraft } from './layer-args';
import type { LossName } from './model-spec';
import { formatShape } from './shape-arithmetic';

export interface OutputHead {
  index: number;
  name: string;
  className: string;
  /** The head's activation ('linear' for layers without one). */
  activation: string;
  /** The model's output shape. */
  outputShape: number[];
  /** Set when the last layer is a recurrent layer with return_sequences=True. */
  returnsSequences: boolean;
}

export function outputIssues(head: OutputHead, loss: LossName): IssueDraft[] {
  const { outputShape, activation } = head;
  const where = `(${head.name})`;
  if (outputShape.length !== 1) {
    return [
      {
        code: 'output-rank',
        message: `the model's output ${formatShape(outputShape)} has more than one axis, but ${loss} compares one vector per sample with its label`,
        fix: head.returnsSequences ? `set return_sequences=False on ${head.className} ${head.index}` : 'end the model with Flatten() (or GlobalAveragePooling2D()) and a Dense layer',
      },
    ];
  }
  const units = outputShape[0] ?? 0;
  const categorical = loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy';
  if (activation === 'softmax' && units === 1) {
    const fix = categorical
      ? "use Dense(N, activation='softmax') with N the number of classes (e.g. 10), or for two classes loss='binary_crossentropy' with activation='sigmoid'"
      : loss === 'binary_crossentropy'
        ? "use activation='sigmoid' for a single yes/no output"
        : "use activation='linear' (or 'sigmoid' for outputs in [0, 1])";
    return [{ code: 'softmax-one-unit', message: `softmax over 1 unit always outputs 1.0, so ${loss} can learn nothing`, fix }];
  }
  if (categorical) {
    if (units === 1) {
      return [
        {
          code: 'loss-mismatch',
          message: `${loss} needs one output per class, but the last layer ${where} has 1 unit with ${activation}`,
          fix: "for two classes use loss='binary_crossentropy' with this layer, or Dense(2, activation='softmax') with this loss",
        },
      ];
    }
    if (activation !== 'softmax') {
      return [
        {
          code: 'loss-mismatch',
          message: `${loss} expects class probabilities, but the last layer ${where} outputs ${activation} values`,
          fix: "use activation='softmax' on the last layer",
        },
      ];
    }
    return [];
  }
  if (loss === 'binary_crossentropy') {
    if (activation === 'softmax') {
      return [
        {
          code: 'loss-mismatch',
          message: `binary_crossentropy expects independent yes/no probabilities, but the last layer ${where} is a ${units}-unit softmax`,
          fix: `for ${units} classes use loss='sparse_categorical_crossentropy'; for two classes use Dense(1, activation='sigmoid')`,
        },
      ];
    }
    if (activation !== 'sigmoid') {
      return [
        {
          code: 'loss-mismatch',
          message: `binary_crossentropy expects probabilities in [0, 1], but the last layer ${where} outputs ${activation} values`,
          fix: "use activation='sigmoid' on the last layer",
        },
      ];
    }
  }
  return [];
}
