// `trainbench summary <model.json|model.py>`: Keras's model.summary() table plus the shape
// arithmetic of every layer; `--json` prints the same as data. An invalid model exits non-zero
// with every issue and its fix (the error reaches main.ts, which prints it).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { TrainbenchError } from '../../../shared/api/api-error';
import type { ModelSpec } from '../../../shared/spec/model-spec';
import { analyzeModel } from '../../../shared/spec/analyze-model';
import { parseKerasCode, type NotImportedLine } from '../../../shared/spec/keras-code-reader';
import { readModelSpecJson } from '../../../shared/spec/model-spec-json';
import { SpecError } from '../../../shared/spec/spec-issues';
import { formatSummaryWithTrace, summaryJson } from '../../../shared/spec/summary-format';

export interface LoadedModelFile {
  spec: ModelSpec;
  notImported: NotImportedLine[];
}

/** Reads a model from a .py (Keras code) or .json (ModelSpec) file; errors name the file. */
export function loadModelFile(path: string): LoadedModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TrainbenchError('SpecError', `Cannot read ${path}: ${(error as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  const isJson = ext === '.json' || (ext !== '.py' && text.trimStart().startsWith('{'));
  try {
    if (isJson) return { spec: readModelSpecJson(text), notImported: [] };
    const imported = parseKerasCode(text);
    return { spec: imported.spec, notImported: imported.notImported };
  } catch (error) {
    if (error instanceof TrainbenchError) throw new TrainbenchError(error.name, `${path}: ${error.message}`, error.details);
    throw error;
  }
}

/** The summary text (or JSON) for a model file; throws SpecError when the model is invalid. */
export function summarizeModelFile(path: string, json: boolean): string {
  const { spec, notImported } = loadModelFile(path);
  const analysis = analyzeModel(spec);
  if (!analysis.ok || !analysis.resolved) {
    const error = new SpecError(analysis.issues);
    throw new TrainbenchError(error.name, `${path}: ${error.message}`, error.details);
  }
  if (json) return `${JSON.stringify(summaryJson(analysis.resolved, analysis.trace), null, 2)}\n`;
  let text = `${formatSummaryWithTrace(analysis.resolved, analysis.trace)}\n`;
  if (notImported.length > 0) {
    text += `\nNot imported from ${path}:\n${notImported.map((n) => `  line ${n.line}: ${n.text.split('\n')[0]}  (${n.reason})`).join('\n')}\n`;
  }
  return text;
}

function writer(command: Command): (text: string) => void {
  let root = command;
  while (root.parent) root = root.parent;
  const output = root.configureOutput();
  return output.writeOut ? (text) => output.writeOut?.(text) : (text) => void process.stdout.write(text);
}

export function registerSummaryCommand(program: Command): void {
  program
    .command('summary <model>')
    .description('Keras-style summary of a model (model.py with Keras code, or model.json) with the shape arithmetic')
    .option('--json', 'print { layers, totalParams, trainableParams, nonTrainableParams, trace } as JSON')
    .action((model: string, opts: { json?: boolean }, cmd: Command) => {
      writer(cmd)(summarizeModelFile(model, opts.json ?? false));
    });
}
