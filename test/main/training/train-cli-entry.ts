// A `trainbench` with only the train and evaluate commands, for the CLI tests to run as a real
// process (SIGINT, exit codes) whether or not the full program has wired them yet.
import { Command } from 'commander';
import { registerEvaluateCommand } from '../../../src/main/cli/commands/evaluate-command';
import { registerTrainCommand } from '../../../src/main/cli/commands/train-command';

const program = new Command().name('trainbench');
registerTrainCommand(program);
registerEvaluateCommand(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  const e = error as Error;
  process.stderr.write(`trainbench: ${e.name}: ${e.message}\n`);
  process.exit(1);
});
