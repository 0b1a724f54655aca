// A ModelSpec read from JSON text (a saved model.json): the envelope is checked here (format,
// version, a layers list) and missing compile/fit settings get Keras's defaults; the layers
// themselves are left to analyzeModel, which names every problem with a fix.
import { DEFAULT_COMPILE, DEFAULT_FIT, MODEL_SPEC_FORMAT, MODEL_SPEC_VERSION, type ModelSpec } from './model-spec';
import { SpecError, type SpecIssue } from './spec-issues';

function fileIssue(message: string, fix: string): SpecError {
  const issue: SpecIssue = { layerIndex: null, layerName: null, className: null, code: 'bad-spec-file', message, fix };
  return new SpecError([issue]);
}

export function readModelSpecJson(text: string): ModelSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fileIssue(`Model file: not valid JSON (${(error as Error).message})`, 'save the model again from Trainbench, or fix the JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fileIssue('Model file: expected a JSON object', `use { "format": "${MODEL_SPEC_FORMAT}", "version": ${MODEL_SPEC_VERSION}, "input_shape": [...], "layers": [...] }`);
  const raw = value as Record<string, unknown>;
  if (raw.format !== undefined && raw.format !== MODEL_SPEC_FORMAT) throw fileIssue(`Model file: format ${JSON.stringify(raw.format)} is not ${MODEL_SPEC_FORMAT}`, 'open a Trainbench model file');
  if (raw.version !== undefined && raw.version !== MODEL_SPEC_VERSION) throw fileIssue(`Model file: version ${JSON.stringify(raw.version)} is not supported (this Trainbench reads version ${MODEL_SPEC_VERSION})`, 'update Trainbench');
  if (!Array.isArray(raw.layers)) throw fileIssue('Model file: "layers" must be a list', 'use "layers": [ { "className": "Dense", "args": { "units": 10 } } ]');
  return {
    ...raw,
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name: typeof raw.name === 'string' && raw.name.length > 0 ? raw.name : 'sequential',
    input_shape: (raw.input_shape ?? []) as number[],
    layers: raw.layers as ModelSpec['layers'],
    compile: (raw.compile ?? structuredClone(DEFAULT_COMPILE)) as ModelSpec['compile'],
    fit: (raw.fit !== undefined && typeof raw.fit === 'object' && raw.fit !== null ? { ...DEFAULT_FIT, ...raw.fit } : { ...DEFAULT_FIT }),
  };
}

/** A spec as JSON text, the way Trainbench saves it. */
export function writeModelSpecJson(spec: ModelSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
