// writeKerasCode: Python that parses (checked with Python's own ast when python3 is there) and
// that parseKerasCode reads back to the very same spec, for generated valid specs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKerasCode } from '../../../src/shared/spec/keras-code-reader';
import { writeKerasCode } from '../../../src/shared/spec/keras-code-writer';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import { validSpec } from './spec-arbitraries';

const hasPython = existsSync('/usr/bin/python3');
function pythonParses(code: string): string {
  return execFileSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read()); print("ok")'], { input: code, encoding: 'utf8' }).trim();
}

describe('writeKerasCode', () => {
  it('writes the reference RNN as Keras code', () => {
    const code = writeKerasCode(TEMPLATES['reference-rnn'].spec);
    expect(code).toContain('keras.Input(shape=(10, 8)),\n    layers.SimpleRNN(32, activation=\'tanh\'),\n    layers.Dense(1, activation=\'sigmoid\'),');
    expect(code).toContain("loss='binary_crossentropy'");
    expect(code).toContain('# model.fit(x_train, y_train, epochs=5, batch_size=16, validation_split=0, shuffle=True)');
    expect(code).toContain('keras.utils.set_random_seed(42)');
  });

  it('spec → code → spec is the identity for every template', () => {
    for (const template of Object.values(TEMPLATES)) {
      const back = parseKerasCode(writeKerasCode(template.spec));
      expect(back.spec).toEqual(template.spec);
      expect(back.notImported).toEqual([]);
    }
  });

  it('spec → code → spec is the identity for generated valid specs', () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const back = parseKerasCode(writeKerasCode(spec));
        expect(back.spec).toEqual(spec);
        expect(back.notImported).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!hasPython)('writes code that Python itself parses', () => {
    for (const template of Object.values(TEMPLATES)) expect(pythonParses(writeKerasCode(template.spec))).toBe('ok');
    const samples = fc.sample(validSpec, { numRuns: 10, seed: 7 });
    expect(pythonParses(samples.map(writeKerasCode).join('\n'))).toBe('ok');
  });
});
