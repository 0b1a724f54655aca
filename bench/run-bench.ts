// `npm run bench` / `npx tsx bench/run-bench.ts [--quick] [--out FILE] [--workloads a,b]`:
// trains each workload with Trainbench (best backend, normally wasm) and with a PyTorch peer on
// the same data, initial weights, order, batch 32, Adam 1e-3, 2 threads, in one run on one machine;
// times tfjs's pure-JS cpu backend on a few batches; prints a table and writes JSON.
import { cpus, hostname, loadavg } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendSelection } from '../src/main/training/backends/select-backend';
import { trainingWasmThreads } from '../src/main/training/backends/wasm-threads';
import { resolveModel } from '../src/shared/spec/resolve-model';
import { getTemplate } from '../src/shared/spec/templates';
import { loadBenchData } from './bench-data';
import { WORKLOAD_IDS, workloads, type Workload, type WorkloadId } from './bench-workloads';
import { runPytorchPeer, torchMissing, type PeerResult } from './pytorch-runner';
import { timeFewBatches, trainWithTrainbench, type InitialWeight, type TrainTiming } from './trainbench-runner';
import { formatTable } from './bench-table';

export interface BenchOptions {
  /** Smaller subsets and fewer cpu batches: a smoke run of a minute or two. */
  quick?: boolean;
  /** Where to write the JSON; default bench-results/bench-<time>.json under the working directory. */
  out?: string;
  /** Subset of WORKLOAD_IDS; default all. */
  workloads?: string[];
}

export interface WorkloadResult {
  id: WorkloadId;
  title: string;
  trainSamples: number;
  testSamples: number;
  /** True when accuracy is measured on the training data (random data has no test split). */
  accuracyOnTrain: boolean;
  epochs: number;
  batchSize: number;
  trainbench: TrainTiming;
  pytorch: PeerResult | null;
  /** The same peer on one thread: the per-core comparison with single-threaded wasm. */
  pytorchOneThread: PeerResult | null;
  pytorchError?: string;
  tfjsCpu: (TrainTiming & { batchSize: number; batches: number }) | null;
  /** Trainbench samples/s ÷ PyTorch's. */
  ratioVsPytorch: number | null;
  /** Trainbench samples/s ÷ tfjs cpu's. */
  ratioVsCpu: number | null;
  /** (Trainbench − PyTorch) test accuracy, in points. */
  accuracyGapPoints: number | null;
}

export interface BenchResult {
  startedAt: string;
  durationSeconds: number;
  machine: { host: string; cpu: string; cores: number; node: string; tfjs: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  backend: BackendSelection;
  settings: { batchSize: number; optimizer: string; pytorchThreads: number; quick: boolean };
  notes: string[];
  workloads: WorkloadResult[];
  outFile: string;
}

const BATCH = 32;
const PEER_THREADS = 2;
const SEED = 42;

function pickWorkloads(quick: boolean, ids?: string[]): Workload[] {
  const all = workloads(quick);
  if (!ids || ids.length === 0) return all;
  const unknown = ids.filter((id) => !(WORKLOAD_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`Unknown workload(s) ${unknown.join(', ')}; choose from ${WORKLOAD_IDS.join(', ')}`);
  return all.filter((w) => ids.includes(w.id));
}

async function runWorkload(w: Workload, selection: BackendSelection, torchProblem: string | null, log: (line: string) => void): Promise<WorkloadResult> {
  const spec = getTemplate(w.template).spec;
  const resolved = resolveModel(spec);
  const data = await loadBenchData(w, resolved.inputShape, spec.compile.loss, SEED);
  log(`${w.title}: ${data.train.count} train samples × ${w.epochs} epoch(s), batch ${BATCH}`);

  await selectBackend(selection.backend === 'tensorflow' ? (selection.gpu ? 'gpu' : 'tensorflow') : selection.backend);
  let weights: InitialWeight[] = [];
  const ours = await trainWithTrainbench(resolved, data, { seed: SEED, batchSize: BATCH, epochs: w.epochs }, async (initial) => {
    weights = initial;
  });
  log(`  Trainbench (${selection.device}): ${ours.samplesPerSecond.toFixed(1)} samples/s, accuracy ${ours.testAccuracy?.toFixed(4)}`);

  let pytorch: PeerResult | null = null;
  let pytorchOneThread: PeerResult | null = null;
  let pytorchError: string | undefined;
  if (torchProblem) pytorchError = torchProblem;
  else {
    try {
      const peer = { batchSize: BATCH, epochs: w.epochs, learningRate: spec.compile.optimizer.learning_rate };
      pytorch = await runPytorchPeer(resolved, data, weights, { ...peer, threads: PEER_THREADS });
      log(`  PyTorch ${pytorch.torch} (${pytorch.threads} threads): ${pytorch.samplesPerSecond.toFixed(1)} samples/s, accuracy ${pytorch.testAccuracy.toFixed(4)}`);
      pytorchOneThread = await runPytorchPeer(resolved, data, weights, { ...peer, threads: 1 });
      log(`  PyTorch (1 thread): ${pytorchOneThread.samplesPerSecond.toFixed(1)} samples/s`);
    } catch (error) {
      pytorchError = `PyTorch peer failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`;
      log(`  ${pytorchError}`);
    }
  }

  let tfjsCpu: WorkloadResult['tfjsCpu'] = null;
  if (w.cpuBatches > 0) {
    await selectBackend('cpu');
    const cpu = await timeFewBatches(resolved, data.train, { seed: SEED, batchSize: w.cpuBatch, batches: w.cpuBatches });
    tfjsCpu = { ...cpu, batchSize: w.cpuBatch, batches: w.cpuBatches };
    log(`  tfjs cpu: ${cpu.samplesPerSecond.toFixed(2)} samples/s (${w.cpuBatches} batch(es) of ${w.cpuBatch})`);
  }

  return {
    id: w.id,
    title: w.title,
    trainSamples: data.train.count,
    testSamples: data.test.count,
    accuracyOnTrain: data.testIsTrain,
    epochs: w.epochs,
    batchSize: BATCH,
    trainbench: ours,
    pytorch,
    pytorchOneThread,
    ...(pytorchError ? { pytorchError } : {}),
    tfjsCpu,
    ratioVsPytorch: pytorch ? ours.samplesPerSecond / pytorch.samplesPerSecond : null,
    ratioVsCpu: tfjsCpu ? ours.samplesPerSecond / tfjsCpu.samplesPerSecond : null,
    accuracyGapPoints: pytorch && ours.testAccuracy !== null ? 100 * (ours.testAccuracy - pytorch.testAccuracy) : null,
  };
}

export async function runBench(options: BenchOptions = {}, log: (line: string) => void = (l) => console.log(l)): Promise<BenchResult> {
  const started = new Date();
  const loadAtStart = loadavg()[0] ?? 0;
  const quick = options.quick ?? false;
  const chosen = pickWorkloads(quick, options.workloads);
  // The same threads a training run gets (every core unless TRAINBENCH_WASM_THREADS says otherwise).
  const selection = await selectBackend('auto', { wasmThreads: trainingWasmThreads() });
  const torchProblem = await torchMissing();
  const notes = [
    `Subsets keep the bench short: ${chosen.map((w) => `${w.id} ${w.trainSamples} train${w.testSamples ? `/${w.testSamples} test` : ''} × ${w.epochs} epoch(s)`).join('; ')}.`,
    'PyTorch is run twice: with 2 threads (the ratio) and with 1 thread (per-core comparison).',
    'Both sides train the same model from the same initial weights on the same samples in the same order (no shuffle), batch 32, Adam(1e-3, eps 1e-7); timing starts after the first (warm-up) batch.',
    `Trainbench runs on ${selection.device} (as a training run: every core unless TRAINBENCH_WASM_THREADS says otherwise; see src/main/training/backends/wasm-threads.ts); PyTorch uses ${PEER_THREADS} threads.`,
    'tfjs cpu is timed on a few batches only (after a 2-sample warm-up), with the batch size in its column; its per-sample cost does not depend on the batch size much.',
    'Random-data workloads report accuracy on their training data; it means nothing there beyond "it learns".',
  ];
  if (torchProblem) notes.push(torchProblem);
  if (loadAtStart > cpus().length) {
    notes.push(`The machine was busy (1-minute load ${loadAtStart.toFixed(1)} on ${cpus().length} cores): PyTorch's 2 OpenMP threads suffer far more from that than the single wasm thread, so ratios are flattering; compare on an idle machine.`);
  }
  log(`Trainbench bench: backend ${selection.backend} (${selection.device})${selection.fallbackReason ? ` — ${selection.fallbackReason}` : ''}`);
  const results: WorkloadResult[] = [];
  for (const w of chosen) results.push(await runWorkload(w, selection, torchProblem, log));
  await selectBackend('auto');

  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const outFile = resolve(options.out ?? `bench-results/bench-${stamp}.json`);
  const result: BenchResult = {
    startedAt: started.toISOString(),
    durationSeconds: (Date.now() - started.getTime()) / 1000,
    machine: { host: hostname(), cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, node: process.version, tfjs: tf.version.tfjs, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg()[0] ?? 0 },
    backend: selection,
    settings: { batchSize: BATCH, optimizer: 'adam 1e-3', pytorchThreads: PEER_THREADS, quick },
    notes,
    workloads: results,
    outFile,
  };
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, JSON.stringify(result, null, 2));
  log('');
  log(formatTable(result));
  for (const note of notes) log(`- ${note}`);
  log(`JSON: ${outFile}`);
  return result;
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--out') options.out = argv[++i];
    else if (arg.startsWith('--out=')) options.out = arg.slice(6);
    else if (arg === '--workloads') options.workloads = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--workloads=')) options.workloads = arg.slice(12).split(',').filter(Boolean);
    else throw new Error(`Unknown option ${arg}; use --quick, --out FILE, --workloads ${WORKLOAD_IDS.join(',')}`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runBench(parseArgs(process.argv.slice(2)))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
