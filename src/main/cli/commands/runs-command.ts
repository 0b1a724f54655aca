// `trainbench runs list|show|rm|tag|note`: the run database from a terminal. Human output is
// aligned tables; `--json` prints the same data the UI gets (RunSummary, RunDetail ...).
import type { Command } from 'commander';
import { RUN_SORT_KEYS, type RunQuery } from '../../../shared/api/channels/runs-channels';
import { RUN_STATUSES, type RunDetail, type RunStatus } from '../../../shared/run/run-types';
import { ensureDataPaths, resolveDataPaths } from '../../paths/data-paths';
import type { RunStore } from '../../store/run-store';
import { formatBytes, formatDate, formatDuration, formatFields, formatMetric, formatTable } from '../../store/run-text-format';

/** Opens the store of the data dir (TRAINBENCH_HOME or XDG); loaded lazily so `--help` stays fast. */
export async function openCliStore(): Promise<RunStore> {
  const { RunStore } = await import('../../store/run-store');
  const paths = ensureDataPaths(resolveDataPaths());
  return RunStore.open(paths.dbPath, { artifactsDir: paths.artifactsDir });
}

/** Writes through the root program's output settings, so embedding code (and tests) can capture it. */
export function cliWriter(command: Command): (text: string) => void {
  let root = command;
  while (root.parent) root = root.parent;
  const output = root.configureOutput();
  return (text) => {
    if (output.writeOut) output.writeOut(text);
    else process.stdout.write(text);
  };
}

export async function withStore<T>(fn: (store: RunStore) => T | Promise<T>): Promise<T> {
  const store = await openCliStore();
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parseStatuses(text: string): RunStatus[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) {
    if (!(RUN_STATUSES as readonly string[]).includes(s)) throw new Error(`Unknown status '${s}': use ${RUN_STATUSES.join(', ')} (comma-separated).`);
  }
  return list as RunStatus[];
}

function parseCount(name: string, min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got '${text}'.`);
    return n;
  };
}

function renderDetail(run: RunDetail): string {
  const fields: [string, string][] = [
    ['id', run.id],
    ['name', run.name],
    ['status', run.statusReason ? `${run.status} — ${run.statusReason}` : run.status],
    ['model', `${run.modelName} (${run.spec.layers.length} layers, ${run.spec.compile.optimizer.name} lr=${run.spec.compile.optimizer.learning_rate}, ${run.spec.compile.loss})`],
    ['dataset', `${run.dataset.name} (${run.dataset.kind}; train ${run.dataset.trainSize}, val ${run.dataset.validationSize}, test ${run.dataset.testSize}; ${run.dataset.normalization || 'normalization unknown'})`],
    ['backend', run.environment ? `${run.environment.backend}${run.gpu ? ' (GPU)' : ''} — ${run.environment.device}` : '-'],
    ['seed', String(run.seed)],
    ['started', formatDate(run.startedAt)],
    ['ended', formatDate(run.endedAt)],
    ['duration', formatDuration(run.durationMs)],
    ['epochs', `${run.epochsDone}/${run.epochsPlanned}`],
    ['samples/s', run.samplesPerSecond === null ? '-' : run.samplesPerSecond.toFixed(1)],
    ['tags', run.tags.join(', ') || '-'],
    ['notes', run.notes || '-'],
  ];
  let text = formatFields(fields);
  const metrics = Object.entries(run.finalMetrics);
  if (metrics.length > 0) text += `\nFinal epoch metrics\n${formatTable(['metric', 'value'], metrics.map(([k, v]) => [k, formatMetric(v)]), new Set([1]))}`;
  if (run.evaluation) {
    const rows = [['loss', formatMetric(run.evaluation.loss)], ...Object.entries(run.evaluation.metrics).map(([k, v]) => [k, formatMetric(v)])];
    text += `\nTest evaluation\n${formatTable(['metric', 'value'], rows, new Set([1]))}`;
    const cm = run.evaluation.confusionMatrix;
    if (cm && cm.length <= 20) {
      const names = run.evaluation.classNames ?? run.dataset.classNames;
      const label = (i: number) => names[i] ?? String(i);
      text += `\nConfusion matrix (rows true, columns predicted)\n${formatTable(['', ...cm.map((_, i) => label(i))], cm.map((row, i) => [label(i), ...row.map(String)]), new Set(cm.map((_, i) => i + 1)))}`;
    }
  }
  if (run.artifacts.length > 0) {
    text += `\nArtifacts\n${formatTable(
      ['kind', 'epoch', 'size', 'sha256', 'path'],
      run.artifacts.map((a) => [a.kind, a.epoch === undefined ? '-' : String(a.epoch), formatBytes(a.bytes), a.sha256.slice(0, 12), a.path]),
      new Set([1, 2]),
    )}`;
  }
  return text;
}

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('list, show, delete, tag and annotate the runs in the run database');

  runs
    .command('list')
    .description('list runs, newest first')
    .option('--status <statuses>', `only these statuses, comma-separated (${RUN_STATUSES.join(', ')})`, parseStatuses)
    .option('--tag <tag>', 'only runs with this tag')
    .option('--dataset <name>', 'only runs on this dataset (name or kind)')
    .option('--model <name>', 'only runs of this model name')
    .option('--search <text>', 'text in id, name, model, dataset, tags or notes')
    .option('--sort <key>', `sort by ${RUN_SORT_KEYS.join(', ')}`, 'startedAt')
    .option('--asc', 'ascending order (default descending)')
    .option('--limit <n>', 'at most this many rows', parseCount('limit', 1), 50)
    .option('--offset <n>', 'skip this many rows', parseCount('offset', 0), 0)
    .option('--json', 'print { rows, total } as JSON')
    .action(async (opts: { status?: RunStatus[]; tag?: string; dataset?: string; model?: string; search?: string; sort: string; asc?: boolean; limit: number; offset: number; json?: boolean }, cmd: Command) => {
      if (!(RUN_SORT_KEYS as readonly string[]).includes(opts.sort)) throw new Error(`Unknown sort key '${opts.sort}': use one of ${RUN_SORT_KEYS.join(', ')}.`);
      const query: RunQuery = {
        sortBy: opts.sort as RunQuery['sortBy'],
        sortDir: opts.asc ? 'asc' : 'desc',
        limit: opts.limit,
        offset: opts.offset,
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.tag ? { tag: opts.tag } : {}),
        ...(opts.dataset ? { dataset: opts.dataset } : {}),
        ...(opts.model ? { model: opts.model } : {}),
        ...(opts.search ? { search: opts.search } : {}),
      };
      const write = cliWriter(cmd);
      const result = await withStore((store) => store.listRuns(query));
      if (opts.json) return write(json(result));
      if (result.total === 0) return write('No runs match. Train one with `trainbench train <model> --data <dataset>`.\n');
      write(
        formatTable(
          ['ID', 'NAME', 'STATUS', 'MODEL', 'DATASET', 'BACKEND', 'EPOCHS', 'BEST', 'STARTED', 'DURATION', 'TAGS'],
          result.rows.map((r) => [
            r.id,
            r.name,
            r.status,
            r.modelName,
            r.datasetName || '-',
            r.backend ? `${r.backend}${r.gpu ? '+gpu' : ''}` : '-',
            `${r.epochsDone}/${r.epochsPlanned}`,
            r.bestMetric ? `${r.bestMetric.name} ${formatMetric(r.bestMetric.value)}` : '-',
            formatDate(r.startedAt),
            formatDuration(r.durationMs),
            r.tags.join(','),
          ]),
          new Set([6, 9]),
        ),
      );
      const shown = result.rows.length;
      if (shown < result.total) write(`${opts.offset + 1}-${opts.offset + shown} of ${result.total} runs (--limit/--offset for more)\n`);
      else write(`${result.total} run${result.total === 1 ? '' : 's'}\n`);
    });

  runs
    .command('show <id>')
    .description('everything stored about one run: settings, environment, final metrics, evaluation, artifacts')
    .option('--json', 'print the RunDetail as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const run = await withStore((store) => store.getRun(id));
      cliWriter(cmd)(opts.json ? json(run) : renderDetail(run));
    });

  runs
    .command('rm <ids...>')
    .description('delete runs with their points and artifact folders (a run still training is refused)')
    .option('--json', 'print { deleted } as JSON')
    .action(async (ids: string[], opts: { json?: boolean }, cmd: Command) => {
      const result = await withStore((store) => store.deleteRuns(ids));
      cliWriter(cmd)(opts.json ? json(result) : `Deleted ${result.deleted} run${result.deleted === 1 ? '' : 's'}: ${ids.join(', ')}\n`);
    });

  runs
    .command('tag <id> <tags...>')
    .description('add tags to a run (or remove them with --remove)')
    .option('--remove', 'remove these tags instead of adding them')
    .option('--json', 'print the updated RunSummary as JSON')
    .action(async (id: string, tags: string[], opts: { remove?: boolean; json?: boolean }, cmd: Command) => {
      const summary = await withStore((store) => {
        const current = store.getRun(id).tags;
        const next = opts.remove ? current.filter((t) => !tags.includes(t)) : [...current, ...tags];
        return store.updateRun({ id, tags: next });
      });
      cliWriter(cmd)(opts.json ? json(summary) : `Tags of ${id}: ${summary.tags.join(', ') || '(none)'}\n`);
    });

  runs
    .command('note <id> <text>')
    .description("set a run's notes (an empty string clears them)")
    .option('--json', 'print the updated RunSummary as JSON')
    .action(async (id: string, text: string, opts: { json?: boolean }, cmd: Command) => {
      const summary = await withStore((store) => store.updateRun({ id, notes: text }));
      cliWriter(cmd)(opts.json ? json(summary) : `Notes of ${id} saved (${text.length} characters).\n`);
    });
}
