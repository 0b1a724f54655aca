// The ONNX export runs in onnxruntime (CPU) and predicts what tfjs predicts, within 1e-4 on 100
// inputs, for the reference CNN and RNN, LSTM, GRU and two specs that reach every mapped op;
// Python's onnx checker (Debian's python3-onnx) accepts the file too.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { readLayerWeights } from '../../../src/main/export/layer-weights';
import { ONNX_OPSET } from '../../../src/main/export/onnx-graph';
import { buildOnnxModel, transposeArray } from '../../../src/main/export/onnx-export';
import { maxAbsDiff, trainedModel, type ModelCase } from './trained-models';

const dir = mkdtempSync(join(tmpdir(), 'tb-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;

const CASES: ModelCase[] = ['reference-cnn', 'reference-rnn', 'lstm-fashion', 'gru-fashion', 'image-ops', 'sequence-ops'];

describe('ONNX export', () => {
  it('transposes arrays by a permutation (the kernel layout change)', () => {
    // (2, 3) -> (3, 2)
    const t = transposeArray(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0]);
    expect(t.shape).toEqual([3, 2]);
    expect(Array.from(t.values)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  for (const id of CASES) {
    it(`${id}: onnxruntime predicts what tfjs predicts (max abs diff ≤ 1e-4 on 100 inputs)`, async () => {
      const { model, resolved, inputs } = await trainedModel(id);
      const bytes = buildOnnxModel(resolved, readLayerWeights(model, resolved), { metadata: { case: id } });
      const file = join(dir, `${id}.onnx`);
      writeFileSync(file, bytes);

      const session = await ort.InferenceSession.create(file);
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['output']);
      const feed = new ort.Tensor('float32', Float32Array.from(inputs.dataSync()), inputs.shape);
      const result = await session.run({ input: feed });
      const onnxOut = result['output']!;
      const expected = model.predict(inputs) as tf.Tensor;
      expect(onnxOut.dims).toEqual(expected.shape);
      const diff = maxAbsDiff(onnxOut.data as Float32Array, expected.dataSync());
      expect(diff).toBeLessThanOrEqual(1e-4);
      // Not a constant model: predictions differ between inputs.
      const values = expected.dataSync();
      const width = expected.shape[1]!;
      expect(maxAbsDiff(values.slice(0, width), values.slice(width, 2 * width))).toBeGreaterThan(0);

      if (pythonOnnx) {
        const check = execFileSync(
          '/usr/bin/python3',
          ['-c', 'import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.opset_import[0].version)', file],
          { encoding: 'utf8' },
        );
        expect(Number(check.trim())).toBe(ONNX_OPSET);
      }
      await session.release();
      tf.dispose([expected, inputs]);
      model.dispose();
    });
  }
});
