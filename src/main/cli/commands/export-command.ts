// `trainbench export <run-id> --format ... --out <path> [--force]`: a run to tfjs, ONNX, Keras,
// Keras code, a model card, metrics CSV/JSON (of several runs at once) or a run bundle.
import type { Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../../../shared/api/channels/export-channels';
import { ensureDataPaths, resolveDataPaths } from '../../paths/data-paths';
import { cliWriter, openCliStore } from './runs-command';

function parseFormat(text: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(text)) throw new Error(`Unknown export format '${text}': use one of ${EXPORT_FORMATS.join(', ')}.`);
  return text as ExportFormat;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const DESCRIPTIONS: Record<ExportFormat, string> = {
  tfjs: 'TensorFlow.js Layers folder (model.json + weight shards), for tf.loadLayersModel',
  onnx: 'ONNX model (opset 13), for onnxruntime and other ONNX tools',
  keras: 'Keras 3 .keras file (config.json + model.weights.h5), for keras.saving.load_model',
  code: 'Keras Python code of the architecture',
  card: 'model card in Markdown',
  csv: 'every metric point as CSV (several run ids allowed)',
  json: 'every metric point as JSON (several run ids allowed)',
  bundle: 'one .tbrun file with the run, its metrics and weights, for trainbench import',
};

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a run (its trained model, architecture, card, metrics or everything) in a format other tools read')
    .argument('<run-ids...>', 'run id (several for --format csv or json)')
    .requiredOption('--format <format>', `one of: ${EXPORT_FORMATS.join(', ')}`, parseFormat)
    .option('--out <path>', 'file (folder for tfjs) to write; default artifacts/<run-id>/exports/ in the data dir')
    .option('--force', 'overwrite an existing output')
    .option('--json', 'print the result ({ format, path, bytes, artifactId? }) as JSON')
    .addHelpText('after', `\nFormats:\n${EXPORT_FORMATS.map((f) => `  ${f.padEnd(7)} ${DESCRIPTIONS[f]}`).join('\n')}`)
    .action(async (runIds: string[], opts: { format: ExportFormat; out?: string; force?: boolean; json?: boolean }, cmd: Command) => {
      const { exportMetrics, exportRun } = await import('../../export');
      const many = runIds.length > 1;
      if (many && opts.format !== 'csv' && opts.format !== 'json') {
        throw new Error(`--format ${opts.format} exports one run; give one run id (only csv and json take several).`);
      }
      if (many && !opts.out) throw new Error('Exporting the metrics of several runs needs --out <file>.');
      const store = await openCliStore();
      try {
        const deps = { store, artifactsDir: ensureDataPaths(resolveDataPaths()).artifactsDir };
        const result: ExportResult = many
          ? await exportMetrics(deps, runIds, opts.format as 'csv' | 'json', opts.out as string, opts.force ?? false)
          : await exportRun(deps, runIds[0] as string, opts.format, opts.out, opts.force ?? false);
        const write = cliWriter(cmd);
        if (opts.json) write(`${JSON.stringify(result, null, 2)}\n`);
        else write(`Wrote ${opts.format} export of ${many ? `${runIds.length} runs` : `run ${runIds[0]}`} to ${result.path} (${formatBytes(result.bytes)})\n`);
      } finally {
        store.close();
      }
    });
}
