// `trainbench runs ...` and `trainbench compare` through commander, against a real database in
// a temp TRAINBENCH_HOME; output captured through the program's own output settings.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCompareCommand } from '../../../src/main/cli/commands/compare-command';
import { registerRunsCommand } from '../../../src/main/cli/commands/runs-command';
import type { CompareResult } from '../../../src/shared/api/channels/runs-channels';
import type { RunDetail, RunSummary } from '../../../src/shared/run/run-types';
import { makeTempHome, openStore, recordAll, sampleSpec, scriptedRun, type TempHome } from './store-test-helpers';

let home: TempHome;
let savedHome: string | undefined;

beforeEach(() => {
  home = makeTempHome();
  savedHome = process.env.TRAINBENCH_HOME;
  process.env.TRAINBENCH_HOME = home.home;
  const store = openStore(home);
  store.createRun({ id: 'run-a', name: 'baseline', spec: sampleSpec({}, 0.001), tags: ['sweep'] });
  store.createRun({ id: 'run-b', name: 'higher lr', spec: sampleSpec({}, 0.01) });
  recordAll(store, scriptedRun({ runId: 'run-a', epochs: 2, batchesPerEpoch: 5 }));
  recordAll(store, scriptedRun({ runId: 'run-b', epochs: 2, batchesPerEpoch: 5, valOffset: 0.1 }));
  store.close();
});

afterEach(() => {
  if (savedHome === undefined) delete process.env.TRAINBENCH_HOME;
  else process.env.TRAINBENCH_HOME = savedHome;
  home.cleanup();
});

async function cli(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  registerRunsCommand(program);
  registerCompareCommand(program);
  await program.parseAsync(args, { from: 'user' });
  return out;
}

describe('trainbench runs', () => {
  it('lists runs as an aligned table and as JSON', async () => {
    const text = await cli('runs', 'list');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+MODEL/);
    expect(lines[1]).toMatch(/^-+ +-+/);
    // Every table line puts the STATUS column at the same offset.
    const statusAt = lines[0]!.indexOf('STATUS');
    expect(lines.slice(2, 4).map((l) => l.slice(statusAt, statusAt + 8))).toEqual(['finished', 'finished']);
    expect(lines[lines.length - 1]).toBe('2 runs');
    const json = JSON.parse(await cli('runs', 'list', '--json', '--tag', 'sweep')) as { rows: RunSummary[]; total: number };
    expect(json.total).toBe(1);
    expect(json.rows[0]!.id).toBe('run-a');
    await expect(cli('runs', 'list', '--status', 'bogus')).rejects.toThrow(/Unknown status 'bogus'/);
  });

  it('shows one run with metrics, evaluation and confusion matrix', async () => {
    const text = await cli('runs', 'show', 'run-a');
    expect(text).toMatch(/^id: +run-a$/m);
    expect(text).toMatch(/^status: +finished$/m);
    expect(text).toContain('Final epoch metrics');
    expect(text).toMatch(/val_accuracy +\d\.\d{4}/);
    expect(text).toContain('Confusion matrix');
    const detail = JSON.parse(await cli('runs', 'show', 'run-a', '--json')) as RunDetail;
    expect(detail.spec.compile.optimizer.learning_rate).toBe(0.001);
    await expect(cli('runs', 'show', 'missing')).rejects.toThrow(expect.objectContaining({ name: 'RunNotFoundError' }));
  });

  it('tags, untags, notes and removes runs', async () => {
    expect(await cli('runs', 'tag', 'run-b', 'lr', 'try2')).toBe('Tags of run-b: lr, try2\n');
    expect(await cli('runs', 'tag', 'run-b', 'lr', '--remove')).toBe('Tags of run-b: try2\n');
    const noted = JSON.parse(await cli('runs', 'note', 'run-b', 'diverges after epoch 3', '--json')) as RunSummary;
    expect(noted.id).toBe('run-b');
    const store = openStore(home);
    expect(store.getRun('run-b').notes).toBe('diverges after epoch 3');
    store.close();
    mkdirSync(join(home.artifactsDir, 'run-b'), { recursive: true });
    writeFileSync(join(home.artifactsDir, 'run-b', 'w.bin'), 'x');
    expect(await cli('runs', 'rm', 'run-b')).toBe('Deleted 1 run: run-b\n');
    expect(existsSync(join(home.artifactsDir, 'run-b'))).toBe(false);
    expect((JSON.parse(await cli('runs', 'list', '--json')) as { total: number }).total).toBe(1);
  });
});

describe('trainbench compare', () => {
  it('prints the differing settings and final metrics with the best marked', async () => {
    const text = await cli('compare', 'run-a', 'run-b');
    expect(text).toContain('Settings that differ');
    expect(text).toMatch(/compile\.optimizer\.learning_rate +0\.001 +0\.01/);
    expect(text).not.toContain('fit.batch_size');
    const valAcc = text.split('\n').find((l) => l.startsWith('val_accuracy'))!;
    expect(valAcc).toMatch(/-?\d\.\d{4} \* +-?\d\.\d{4}/);
    const json = JSON.parse(await cli('compare', 'run-a', 'run-b', '--json')) as CompareResult;
    expect(json.settings.filter((s) => s.differs).map((s) => s.key)).toEqual(['compile.optimizer.learning_rate']);
    expect(await cli('compare', 'run-a', 'run-b', '--all')).toContain('fit.batch_size');
    await expect(cli('compare', 'run-a')).rejects.toThrow(/at least two run ids/);
  });
});
