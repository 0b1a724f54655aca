// The `trainbench` command tree. Each command lives in commands/ and registers itself here;
// `trainbench --help` lists them and says where the data lives.
import { Command } from 'commander';
import { appVersion } from '../app/app-version';
import { defaultDataHome } from '../paths/data-paths';
import { registerStartCommand } from './commands/start-command';
import { registerSummaryCommand } from './commands/summary-command';
import { registerTrainCommand } from './commands/train-command';
import { registerEvaluateCommand } from './commands/evaluate-command';
import { registerRunsCommand } from './commands/runs-command';
import { registerCompareCommand } from './commands/compare-command';
import { registerExportCommand } from './commands/export-command';
import { registerImportCommand } from './commands/import-command';

export function buildCliProgram(): Command {
  const program = new Command();
  program
    .name('trainbench')
    .description('Trainbench: Keras-style models trained with TensorFlow.js, every run kept in a local database.')
    .version(appVersion())
    .showHelpAfterError('(run `trainbench --help` for the commands)')
    .addHelpText(
      'after',
      `
Data lives in ${defaultDataHome()}
  (set TRAINBENCH_HOME to use another folder; the default follows XDG_DATA_HOME on Linux).
  trainbench.db is the run database, artifacts/<run-id>/ holds weights and exports, specs/ saved models.

Examples:
  trainbench start                         open the workbench (Electron, or web mode on 127.0.0.1)
  trainbench summary model.py              Keras-style summary with the shape arithmetic
  trainbench train model.py --data fashion-mnist --epochs 2
  trainbench runs list
  trainbench compare <id> <id>
  trainbench export <id> --format onnx --out model.onnx`,
    );
  registerStartCommand(program);
  registerSummaryCommand(program);
  registerTrainCommand(program);
  registerEvaluateCommand(program);
  registerRunsCommand(program);
  registerCompareCommand(program);
  registerExportCommand(program);
  registerImportCommand(program);
  return program;
}
