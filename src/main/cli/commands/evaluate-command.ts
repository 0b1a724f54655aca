// `trainbench evaluate <run-id>`: scores a stored run's final weights on its test data again,
// prints loss, metrics and per-class accuracy (or `--json`), and stores the evaluation.
import type { Command } from 'commander';
import { ensureDataPaths, resolveDataPaths } from '../../paths/data-paths';
import { formatEvaluationLines } from '../../training/progress-format';

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate <run-id>')
    .description("Evaluate a stored run's final weights on its test data again, and store the result")
    .option('--json', 'print { id, split, backend, loss, metrics, confusionMatrix, perClassAccuracy, classNames } as JSON')
    .action(async (runId: string, opts: { json?: boolean }) => {
      const { RunStore } = await import('../../store/run-store');
      const { evaluateStoredRun } = await import('../../training/evaluate-run');
      const paths = ensureDataPaths(resolveDataPaths());
      const store = RunStore.open(paths.dbPath, { artifactsDir: paths.artifactsDir });
      try {
        const result = await evaluateStoredRun(store, runId);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ id: runId, split: result.split, backend: result.backend.backend, ...result.evaluation })}\n`);
        } else {
          const lines = formatEvaluationLines(result.evaluation);
          if (result.split === 'train') lines.unshift('(no test split: scored on the training data)');
          process.stdout.write(`Run ${runId}, weights ${result.weightsDir}, backend ${result.backend.backend}\n${lines.join('\n')}\n`);
        }
      } finally {
        store.close();
      }
    });
}
