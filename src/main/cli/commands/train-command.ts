// `trainbench train <model.json|model.py> --data ...`: trains in a worker thread, shows a live
// progress line on a terminal (plain lines otherwise), keeps the run in the database and prints
// its id; `--json` prints one result object. Ctrl-C stops cleanly (twice: force quit).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { TrainbenchError } from '../../../shared/api/api-error';
import type { DatasetOptions, DatasetSource } from '../../../shared/dataset/dataset-source';
import type { BackendRequest } from '../../../shared/run/run-types';
import { parseKerasCode } from '../../../shared/spec/keras-code-reader';
import type { ModelSpec } from '../../../shared/spec/model-spec';
import type { RunEndedEvent, TrainingEvent } from '../../../shared/training/training-events';
import { ensureDataPaths, resolveDataPaths } from '../../paths/data-paths';
import {
  formatBatchLine,
  formatEndedLine,
  formatEpochLine,
  formatEvaluationLines,
  formatStartedLine,
  TrainResultCollector,
  type TrainResultJson,
} from '../../training/progress-format';
import { loadModelFile } from './summary-command';

export interface TrainCommandOptions {
  data?: string;
  dataDir?: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  backend?: BackendRequest;
  limit?: number;
  testLimit?: number;
  validationSplit?: number;
  resize?: [number, number];
  channels?: 1 | 3;
  labelColumn?: string;
  window?: number;
  samples?: number;
  name?: string;
  tag?: string[];
  checkpoints?: 'none' | 'every' | 'best';
  json?: boolean;
}

function int(name: string, min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`--${name} must be a whole number ≥ ${min}, got '${text}'.`);
    return n;
  };
}

function positive(name: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`--${name} must be a positive number, got '${text}'.`);
    return n;
  };
}

function fraction(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError(`--validation-split must be in [0, 1), got '${text}'.`);
  return n;
}

function size(text: string): [number, number] {
  const m = /^(\d+)\s*[xX×,]\s*(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) throw new InvalidArgumentError(`--resize takes HxW, e.g. 28x28, got '${text}'.`);
  return [Number(m[1]), Number(m[2])];
}

function channels(text: string): 1 | 3 {
  if (text === '1' || text === '3') return Number(text) as 1 | 3;
  throw new InvalidArgumentError(`--channels takes 1 (grey) or 3 (RGB), got '${text}'.`);
}

function backendArg(text: string): BackendRequest {
  const all = ['auto', 'gpu', 'tensorflow', 'wasm', 'cpu'];
  if (all.includes(text)) return text as BackendRequest;
  throw new InvalidArgumentError(`--backend takes ${all.join('|')}, got '${text}'.`);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --data as a DatasetSource: a built-in name, a .csv file or an image folder. */
export function parseDataArgument(data: string, opts: Pick<TrainCommandOptions, 'dataDir' | 'labelColumn' | 'window' | 'samples'>): DatasetSource {
  const lower = data.toLowerCase();
  if (lower === 'fashion-mnist' || lower === 'mnist') return { kind: lower, ...(opts.dataDir ? { dir: resolve(opts.dataDir) } : {}) };
  if (lower === 'random') return { kind: 'random', ...(opts.samples ? { samples: opts.samples } : {}) };
  const path = resolve(data);
  if (!existsSync(path)) {
    throw new TrainbenchError('DatasetError', `--data ${data}: no such file or folder. Use fashion-mnist, mnist, random, a .csv file or a folder of images (one subfolder per class).`);
  }
  if (statSync(path).isDirectory()) return { kind: 'image-folder', path };
  if (extname(path).toLowerCase() === '.csv') {
    return { kind: 'csv', path, ...(opts.labelColumn ? { labelColumn: opts.labelColumn } : {}), ...(opts.window ? { window: opts.window } : {}) };
  }
  throw new TrainbenchError('DatasetError', `--data ${data}: not a .csv file or a folder. Use fashion-mnist, mnist, random, a .csv file or an image folder.`);
}

/** The spec as it will train: the file's settings with the command line's overrides. */
export function applyOverrides(spec: ModelSpec, opts: TrainCommandOptions): ModelSpec {
  const next: ModelSpec = structuredClone(spec);
  if (opts.epochs !== undefined) next.fit.epochs = opts.epochs;
  if (opts.batchSize !== undefined) next.fit.batch_size = opts.batchSize;
  if (opts.seed !== undefined) next.fit.seed = opts.seed;
  if (opts.validationSplit !== undefined) next.fit.validation_split = opts.validationSplit;
  if (opts.lr !== undefined) next.compile.optimizer.learning_rate = opts.lr;
  return next;
}

export function datasetOptionsFrom(opts: TrainCommandOptions): DatasetOptions {
  return {
    ...(opts.resize ? { resize: opts.resize } : {}),
    ...(opts.channels ? { channels: opts.channels } : {}),
    ...(opts.limit ? { limit: opts.limit } : {}),
    ...(opts.testLimit ? { testLimit: opts.testLimit } : {}),
  };
}

export interface TrainIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Live progress line (only on a TTY). */
  tty: boolean;
}

/** Runs `trainbench train`; resolves with the result (the process exit code is the caller's). */
export async function runTrainCommand(modelPath: string, opts: TrainCommandOptions, io: TrainIo): Promise<TrainResultJson> {
  const { spec: fileSpec, notImported, dataset: fileDataset } = loadModelFileWithData(modelPath);
  if (notImported.length > 0 && !opts.json) {
    io.err(`Note: not imported from ${modelPath}:\n${notImported.map((n) => `  line ${n.line}: ${n.text.split('\n')[0]}  (${n.reason})`).join('\n')}\n`);
  }
  const source = opts.data ? parseDataArgument(opts.data, opts) : fileDataset;
  if (!source) throw new TrainbenchError('DatasetError', 'No data given: add --data fashion-mnist|mnist|random|<file.csv>|<folder>.');
  const spec = applyOverrides(fileSpec, opts);

  const { RunStore } = await import('../../store/run-store');
  const { TrainingManager } = await import('../../training/training-manager');
  const paths = ensureDataPaths(resolveDataPaths());
  let manager: InstanceType<typeof TrainingManager> | null = null;
  const store = RunStore.open(paths.dbPath, {
    artifactsDir: paths.artifactsDir,
    // A background write that fails (disk full, read-only) stops the run with that reason.
    onFatal: (error) => {
      for (const id of manager?.active() ?? []) manager?.stop(id, error.message);
    },
  });
  manager = new TrainingManager({ store, paths });
  const collector = new TrainResultCollector();
  let epochs = spec.fit.epochs;
  let batchesPerEpoch = 0;
  let lastDraw = 0;
  let lineOpen = false;
  let running: { epoch: number; n: number; sums: Record<string, number> } = { epoch: -1, n: 0, sums: {} };
  const clearLine = (): void => {
    if (lineOpen) io.out('\r\x1b[2K');
    lineOpen = false;
  };
  const unsubscribe = manager.on((event: TrainingEvent) => {
    if (event.type === 'started' || event.type === 'epoch' || event.type === 'evaluation') collector.add(event);
    if (opts.json) return;
    switch (event.type) {
      case 'started':
        epochs = event.epochs;
        batchesPerEpoch = event.batchesPerEpoch;
        io.out(`${formatStartedLine(event)}\n`);
        return;
      case 'log':
        clearLine();
        io.out(`${event.level === 'warn' ? 'Warning: ' : ''}${event.message}\n`);
        return;
      case 'batch': {
        if (!io.tty) return;
        // Like Keras's bar: the epoch's running means, not the noisy value of one batch.
        if (event.epoch !== running.epoch) running = { epoch: event.epoch, n: 0, sums: {} };
        running.n++;
        for (const [k, v] of Object.entries({ loss: event.loss, ...event.metrics })) running.sums[k] = (running.sums[k] ?? 0) + v;
        const now = Date.now();
        if (now - lastDraw < 100 && event.batch + 1 < batchesPerEpoch) return;
        lastDraw = now;
        const mean = (k: string): number => (running.sums[k] ?? 0) / running.n;
        const metrics = Object.fromEntries(Object.keys(event.metrics).map((k) => [k, mean(k)]));
        io.out(`\r\x1b[2K${formatBatchLine({ ...event, loss: mean('loss'), metrics }, epochs, batchesPerEpoch)}`);
        lineOpen = true;
        return;
      }
      case 'epoch':
        clearLine();
        io.out(`${formatEpochLine(event, epochs)}\n`);
        return;
      case 'evaluation':
        clearLine();
        io.out(`${formatEvaluationLines(event.evaluation).join('\n')}\n`);
        return;
      case 'ended':
        clearLine();
        return;
    }
  });

  let interrupts = 0;
  let runId: string | null = null;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts >= 2) {
      io.err('\nForced exit; the run will show as interrupted.\n');
      process.exit(130);
    }
    if (runId) {
      manager?.stop(runId);
      clearLine();
      io.err('Stopping after this batch... (Ctrl-C again to quit at once)\n');
    }
  };
  process.on('SIGINT', onSigint);
  try {
    ({ runId } = await manager.start({
      spec,
      dataset: source,
      datasetOptions: datasetOptionsFrom(opts),
      options: {
        backend: opts.backend ?? 'auto',
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.tag && opts.tag.length > 0 ? { tags: opts.tag } : {}),
        ...(opts.checkpoints ? { checkpoints: opts.checkpoints } : {}),
      },
    }));
    if (interrupts > 0) manager.stop(runId);
    const ended: RunEndedEvent = await manager.waitForEnd(runId);
    const result = collector.result(ended);
    if (opts.json) io.out(`${JSON.stringify(result)}\n`);
    else io.out(`${formatEndedLine(ended)}\nRun id: ${ended.runId}\n`);
    return result;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
    await manager.stopAll();
    store.close();
  }
}

/** loadModelFile, plus the data a Keras snippet makes itself (the reference RNN's random X, y). */
function loadModelFileWithData(path: string): ReturnType<typeof loadModelFile> & { dataset?: DatasetSource } {
  const loaded = loadModelFile(path);
  if (extname(path).toLowerCase() !== '.py') return loaded;
  const imported = parseKerasCode(readFileSync(path, 'utf8'));
  return imported.dataset ? { ...loaded, dataset: imported.dataset } : loaded;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train <model>')
    .description('Train a model (model.json, or model.py with Keras code) and keep the run in the database')
    .option('--data <data>', 'fashion-mnist | mnist | random | <file.csv> | <folder of images, one subfolder per class>')
    .option('--data-dir <folder>', 'folder with the four IDX files for fashion-mnist/mnist (default /usr/share/datasets/fashion-mnist)')
    .option('--epochs <n>', 'epochs (overrides the model file)', int('epochs', 1))
    .option('--batch-size <n>', 'batch size (overrides the model file)', int('batch-size', 1))
    .option('--lr <rate>', 'learning rate (overrides the model file)', positive('lr'))
    .option('--seed <n>', 'seed for weights, shuffling and splits', int('seed', 0))
    .option('--backend <name>', 'auto | gpu | tensorflow | wasm | cpu', backendArg)
    .option('--limit <n>', 'use at most N training samples', int('limit', 1))
    .option('--test-limit <n>', 'use at most N test samples', int('test-limit', 1))
    .option('--validation-split <f>', 'fraction of training samples held out for validation', fraction)
    .option('--resize <HxW>', 'resize images, e.g. 28x28', size)
    .option('--channels <c>', '1 (grey) or 3 (RGB)', channels)
    .option('--label-column <name>', 'CSV column holding the label (default: the last)')
    .option('--window <n>', 'CSV rows per sequence for recurrent models', int('window', 1))
    .option('--samples <n>', 'sample count for --data random (default 100)', int('samples', 1))
    .option('--name <name>', 'run name')
    .option('--tag <tag>', 'tag the run (repeatable)', collect)
    .option('--checkpoints <policy>', 'none | every | best (default best)')
    .option('--json', 'print one JSON object with the result at the end')
    .action(async (model: string, opts: TrainCommandOptions) => {
      if (opts.checkpoints && !['none', 'every', 'best'].includes(opts.checkpoints)) {
        throw new InvalidArgumentError(`--checkpoints takes none|every|best, got '${opts.checkpoints}'.`);
      }
      const result = await runTrainCommand(model, opts, {
        out: (t) => void process.stdout.write(t),
        err: (t) => void process.stderr.write(t),
        tty: Boolean(process.stdout.isTTY) && !opts.json,
      });
      // A stop asked for (Ctrl-C) is a clean end; only failed and diverged runs are errors.
      if (result.status === 'failed' || result.status === 'diverged') process.exitCode = 1;
    });
}
