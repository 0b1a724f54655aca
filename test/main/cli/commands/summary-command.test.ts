// `trainbench summary` through commander on real files: both reference examples as .py, a saved
// .json, --json output, and an invalid model that must fail with its issue.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerSummaryCommand } from '../../../../src/main/cli/commands/summary-command';
import type { SummaryJson } from '../../../../src/shared/spec/summary-format';
import { TEMPLATES } from '../../../../src/shared/spec/templates';

const dir = mkdtempSync(join(tmpdir(), 'trainbench-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = join(import.meta.dirname, '../../../shared/spec/fixtures');

async function run(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: () => undefined });
  registerSummaryCommand(program);
  await program.parseAsync(['node', 'trainbench', 'summary', ...args]);
  return out;
}

describe('trainbench summary', () => {
  it('prints the CNN example table and arithmetic', async () => {
    const out = await run(join(fixtures, 'reference-cnn.py'));
    expect(out).toContain(' conv2d (Conv2D)');
    expect(out).toContain('(None, 62, 62, 32)');
    expect(out).toContain('Total params: 1,626,442');
    expect(out).toContain('Conv2D 1: (64 − 3 + 2·0)/1 + 1 = 62 → (62, 62, 32)');
    expect(out).toContain('line 20: model.summary()');
  });

  it('prints the RNN example, and --json gives the numbers', async () => {
    expect(await run(join(fixtures, 'reference-rnn.py'))).toContain('Total params: 1,345');
    const json = JSON.parse(await run(join(fixtures, 'reference-rnn.py'), '--json')) as SummaryJson;
    expect(Object.keys(json)).toEqual(['layers', 'totalParams', 'trainableParams', 'nonTrainableParams', 'trace']);
    expect(json.layers).toEqual([
      { name: 'simple_rnn', className: 'SimpleRNN', outputShape: [32], params: 1312 },
      { name: 'dense', className: 'Dense', outputShape: [1], params: 33 },
    ]);
    expect(json.totalParams).toBe(1345);
  });

  it('reads a model.json', async () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(TEMPLATES['gru-fashion'].spec));
    expect(await run(file)).toContain('gru (GRU)');
  });

  it('fails with the issue for an invalid model', async () => {
    const file = join(dir, 'bad.py');
    const source = readFileSync(join(fixtures, 'reference-cnn.py'), 'utf8').replace("Dense(10, activation='softmax')", "Dense(1, activation='softmax')");
    writeFileSync(file, source);
    await expect(run(file)).rejects.toMatchObject({ name: 'SpecError', message: expect.stringContaining('Dense 7: softmax over 1 unit always outputs 1.0') as unknown });
    const broken = join(dir, 'broken.py');
    writeFileSync(broken, 'import keras\nmodel = keras.Sequential([\n');
    await expect(run(broken)).rejects.toMatchObject({ name: 'KerasParseError' });
  });
});
