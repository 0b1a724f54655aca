// The templates: valid against the schema, the numbers the notes give, and the empty model.
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../../src/shared/spec/analyze-model';
import { modelSpecSchema } from '../../../src/shared/spec/model-spec-schema';
import { readModelSpecJson, writeModelSpecJson } from '../../../src/shared/spec/model-spec-json';
import { resolveModel } from '../../../src/shared/spec/resolve-model';
import { getTemplate, TEMPLATE_IDS, TEMPLATES } from '../../../src/shared/spec/templates';

describe('templates', () => {
  it('has every promised template and each passes the schema', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...TEMPLATE_IDS].sort());
    expect(TEMPLATE_IDS).toEqual(['reference-cnn', 'fashion-cnn', 'reference-rnn', 'lstm-fashion', 'gru-fashion', 'empty']);
    for (const t of Object.values(TEMPLATES)) expect(modelSpecSchema.safeParse(t.spec).success).toBe(true);
  });

  it('gives the shapes and parameters of the notes', () => {
    expect(resolveModel(TEMPLATES['reference-cnn'].spec).layers.map((l) => l.outputShape)).toEqual([[62, 62, 32], [31, 31, 32], [29, 29, 64], [14, 14, 64], [12544], [128], [10]]);
    expect(resolveModel(TEMPLATES['fashion-cnn'].spec).layers.map((l) => l.outputShape)).toEqual([[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [128], [10]]);
    expect(TEMPLATES['fashion-cnn'].spec.input_shape).toEqual([28, 28, 1]);
    const rnn = TEMPLATES['reference-rnn'].spec;
    expect(rnn.compile.loss).toBe('binary_crossentropy');
    expect([rnn.fit.epochs, rnn.fit.batch_size]).toEqual([5, 16]);
    expect(resolveModel(rnn).totalParams).toBe(1345);
    expect(resolveModel(TEMPLATES['lstm-fashion'].spec).totalParams).toBe(4 * (128 * (28 + 128) + 128) + 129 * 10);
    expect(resolveModel(TEMPLATES['gru-fashion'].spec).totalParams).toBe(3 * (128 * (28 + 128) + 2 * 128) + 129 * 10);
    expect(TEMPLATES['lstm-fashion'].dataset).toEqual({ kind: 'fashion-mnist' });
  });

  it('the empty model is reported as empty, not as broken', () => {
    expect(analyzeModel(TEMPLATES.empty.spec).issues.map((i) => i.code)).toEqual(['empty-model']);
  });

  it('getTemplate returns a copy that can be edited', () => {
    const copy = getTemplate('reference-cnn');
    copy.spec.layers.pop();
    expect(TEMPLATES['reference-cnn'].spec.layers).toHaveLength(7);
  });

  it('round-trips through JSON and fills defaults for a bare file', () => {
    const spec = TEMPLATES['gru-fashion'].spec;
    expect(readModelSpecJson(writeModelSpecJson(spec))).toEqual(spec);
    const bare = readModelSpecJson('{"input_shape":[4],"layers":[{"className":"Dense","args":{"units":3,"activation":"softmax"}}]}');
    expect(resolveModel(bare).totalParams).toBe(15);
    expect(() => readModelSpecJson('{"layers": 3}')).toThrow(/"layers" must be a list/);
    expect(() => readModelSpecJson('{oops')).toThrow(/not valid JSON/);
  });
});
