// The Keras-style summary table and its JSON twin for the reference models.
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../../src/shared/spec/analyze-model';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { formatSummary, formatSummaryWithTrace, summaryJson } from '../../../src/shared/spec/summary-format';
import { TEMPLATES } from '../../../src/shared/spec/templates';
import { makeSpec } from './invalid-models';

describe('formatSummary', () => {
  it('prints the reference CNN like Keras', () => {
    const text = formatSummary(resolveModel(TEMPLATES['reference-cnn'].spec));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "reference_cnn"');
    expect(lines[2]).toMatch(/^ Layer \(type\)\s+Output Shape\s+Param #$/);
    const rows = lines.filter((l) => l.includes('(None')).map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toEqual([
      ['conv2d (Conv2D)', '(None, 62, 62, 32)', '896'],
      ['max_pooling2d (MaxPooling2D)', '(None, 31, 31, 32)', '0'],
      ['conv2d_1 (Conv2D)', '(None, 29, 29, 64)', '18,496'],
      ['max_pooling2d_1 (MaxPooling2D)', '(None, 14, 14, 64)', '0'],
      ['flatten (Flatten)', '(None, 12544)', '0'],
      ['dense (Dense)', '(None, 128)', '1,605,760'],
      ['dense_1 (Dense)', '(None, 10)', '1,290'],
    ]);
    expect(text).toContain('Total params: 1,626,442\nTrainable params: 1,626,442\nNon-trainable params: 0\n');
    // Columns line up: every row's shape starts where the header's does.
    const shapeColumn = (lines[2] ?? '').indexOf('Output Shape');
    for (const l of lines.filter((x) => x.includes('(None'))) expect(l.indexOf('(None')).toBe(shapeColumn);
  });

  it('splits trainable and non-trainable parameters', () => {
    const model = resolveModel(makeSpec([6], [{ className: 'BatchNormalization', args: {} }, { className: 'Dense', args: { units: 2, activation: 'softmax' } }]));
    expect(formatSummary(model)).toContain('Total params: 38\nTrainable params: 26\nNon-trainable params: 12');
  });

  it('adds the trace, and gives the same numbers as JSON', () => {
    const analysis = analyzeModel(TEMPLATES['reference-rnn'].spec);
    const model = analysis.resolved;
    if (!model) throw new Error('reference RNN must resolve');
    expect(formatSummaryWithTrace(model, analysis.trace)).toContain('Shape arithmetic:\n  Input: (10, 8)\n  SimpleRNN 1: 10 steps × 8 features, last step only → (32)\n  Dense 2: 32 inputs, 1 unit → (1)');
    expect(summaryJson(model, analysis.trace)).toEqual({
      layers: [
        { name: 'simple_rnn', className: 'SimpleRNN', outputShape: [32], params: 1312 },
        { name: 'dense', className: 'Dense', outputShape: [1], params: 33 },
      ],
      totalParams: 1345,
      trainableParams: 1345,
      nonTrainableParams: 0,
      trace: analysis.trace,
    });
  });
});
