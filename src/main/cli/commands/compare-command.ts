// `trainbench compare <id> <id>...`: the settings that differ between runs and their final
// metrics side by side, the best value of each metric marked with '*'.
import type { Command } from 'commander';
import type { CompareResult } from '../../../shared/api/channels/runs-channels';
import { formatMetric, formatSetting, formatTable } from '../../store/run-text-format';
import { cliWriter, withStore } from './runs-command';

export function renderComparison(result: CompareResult, all: boolean): string {
  const header = ['', ...result.runs.map((r) => (r.name === r.id ? r.id : `${r.name} (${r.id})`))];
  const settings = all ? result.settings : result.settings.filter((s) => s.differs);
  let text = '';
  if (settings.length === 0) text += 'Settings: all the same.\n';
  else {
    text += `${all ? 'Settings' : 'Settings that differ'}\n`;
    text += formatTable(['setting', ...header.slice(1)], settings.map((s) => [all && s.differs ? `${s.key} ≠` : s.key, ...s.values.map((v) => formatSetting(v))]));
  }
  text += '\nFinal metrics (* best)\n';
  text += formatTable(
    ['metric', ...header.slice(1)],
    result.finalMetrics.map((m) => [m.name, ...m.values.map((v, i) => `${formatMetric(v)}${m.best === i ? ' *' : '  '}`)]),
    new Set(result.runs.map((_, i) => i + 1)),
  );
  return text;
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare <ids...>')
    .description('compare runs: the settings that differ and the final metrics side by side (best marked *)')
    .option('--all', 'show every setting, not only those that differ')
    .option('--json', 'print the CompareResult as JSON')
    .action(async (ids: string[], opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      if (ids.length < 2) throw new Error(`compare needs at least two run ids (got ${ids.length}); list them with \`trainbench runs list\`.`);
      const result = await withStore((store) => store.compareRuns(ids));
      cliWriter(cmd)(opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderComparison(result, opts.all ?? false));
    });
}
