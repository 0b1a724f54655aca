// `trainbench import <bundle> [--force]`: a .tbrun run bundle into this database as the same run.
import type { Command } from 'commander';
import { ensureDataPaths, resolveDataPaths } from '../../paths/data-paths';
import { cliWriter, openCliStore } from './runs-command';

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('load a run bundle (.tbrun, from `trainbench export <id> --format bundle`) into the run database, keeping its id')
    .argument('<bundle>', 'the .tbrun file')
    .option('--force', 'replace a run with the same id already in the database')
    .option('--json', 'print the result as JSON')
    .action(async (bundle: string, opts: { force?: boolean; json?: boolean }, cmd: Command) => {
      const { importBundle } = await import('../../export');
      const store = await openCliStore();
      try {
        const result = await importBundle({ store, artifactsDir: ensureDataPaths(resolveDataPaths()).artifactsDir }, bundle, opts.force ?? false);
        const write = cliWriter(cmd);
        if (opts.json) write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          write(
            `Imported run ${result.runId} ('${result.name}')${result.replaced ? ', replacing the one that was here' : ''}: ` +
              `${result.points} metric points, ${result.files} files.\n`,
          );
        }
      } finally {
        store.close();
      }
    });
}
