// The editor's bridge to the spec room's Keras reader and writer: the imported spec, the lines
// that were not imported (and why), and the data the code itself names (e.g. random tensors).
import type { DatasetSource } from '../../shared/dataset/dataset-source';
import type { ModelSpec } from '../../shared/spec/model-spec';
import { parseKerasCode, type NotImportedLine } from '../../shared/spec/keras-code-reader';
import { writeKerasCode } from '../../shared/spec/keras-code-writer';

export interface ImportOutcome {
  spec: ModelSpec;
  skipped: NotImportedLine[];
  dataset: DatasetSource | null;
}

export function importKeras(source: string): ImportOutcome {
  const result = parseKerasCode(source);
  return { spec: result.spec, skipped: result.notImported, dataset: result.dataset ?? null };
}

export function exportKeras(spec: ModelSpec): string {
  return writeKerasCode(spec);
}
