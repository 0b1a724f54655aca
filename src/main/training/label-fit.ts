// Whether the data's labels suit the model's last layer for the chosen loss, with the fix in
// words; checked before a run starts (the shape and loss checks themselves are the datasets').
import type { DatasetDescriptor } from '../../shared/run/run-types';
import type { LossName } from '../../shared/spec/model-spec';
import type { ResolvedModel } from '../../shared/spec/resolved-model';

export function outputUnitsOf(resolved: ResolvedModel): number {
  const last = resolved.layers[resolved.layers.length - 1];
  const shape = last ? last.outputShape : resolved.inputShape;
  return shape[shape.length - 1] ?? 1;
}

/** A message naming the mismatch and its fix, or null when the labels fit. */
export function checkLabelsFit(descriptor: DatasetDescriptor, loss: LossName, outputUnits: number): string | null {
  const classes = descriptor.numClasses;
  if (loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy') {
    if (classes > 0 && outputUnits < classes) {
      return (
        `${descriptor.name} has ${classes} classes but the model's last layer gives ${outputUnits} output${outputUnits === 1 ? '' : 's'}: ` +
        `end the model with Dense(${classes}, activation='softmax')` +
        (classes === 2 ? ", or use Dense(1, activation='sigmoid') with loss binary_crossentropy" : '')
      );
    }
  }
  if (loss === 'binary_crossentropy' && outputUnits !== 1 && classes === 2) {
    return `binary_crossentropy on 0/1 labels needs one output, but the model's last layer gives ${outputUnits}: end the model with Dense(1, activation='sigmoid')`;
  }
  return null;
}
