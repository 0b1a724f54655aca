// `trainbench train` and `trainbench evaluate` as a user runs them: a real process per command
// (through tsx), a temp TRAINBENCH_HOME, Keras code in, one JSON object out, Ctrl-C stopping
// cleanly, exit codes for diverged runs, and the evaluation of stored weights again.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/main/store';
import { resolveDataPaths } from '../../../src/main/paths/data-paths';
import { writeModelSpecJson } from '../../../src/shared/spec/model-spec-json';
import { customSpec, removeTempDirs, tempDir } from './training-fixtures';

afterAll(removeTempDirs);

const ENTRY = fileURLToPath(new URL('./train-cli-entry.ts', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Peak resident memory of a live process in bytes (Linux /proc VmHWM), 0 when unreadable. */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function cli(args: string[], home: string, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Result & { peakRss: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, TRAINBENCH_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, peakRss(child.pid ?? 0))), 250);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', () => clearInterval(watch));
    child.on('close', (code) => resolve({ code, stdout, stderr, peakRss: peak }));
  });
}

const REFERENCE_RNN_PY = `import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN, Dense

# Dummy sequential data
X = tf.random.normal([100, 10, 8])  # 100 samples, 10 timesteps, 8 features
y = tf.random.uniform([100], maxval=2, dtype=tf.int32)  # Binary labels

# Define an RNN model
model = Sequential([
    SimpleRNN(32, activation='tanh', input_shape=(10, 8)),
    Dense(1, activation='sigmoid')
])

# Compile the model
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])

# Train the model
model.fit(X, y, epochs=5, batch_size=16)

# Evaluate the model
loss, accuracy = model.evaluate(X, y)
print(f"Accuracy: {accuracy}")
`;

describe('trainbench train', () => {
  it('trains the reference RNN from its Keras code, prints one JSON result, and evaluate gives the same numbers', async () => {
    const home = tempDir();
    const file = join(home, 'rnn.py');
    writeFileSync(file, REFERENCE_RNN_PY);
    const run = await cli(['train', file, '--json', '--backend', 'wasm'], home);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      id: string;
      status: string;
      backend: string;
      epochs: number;
      samplesPerSecond: number;
      final: Record<string, number>;
    };
    expect(result.status).toBe('finished');
    expect(result.backend).toBe('wasm');
    expect(result.epochs).toBe(5);
    expect(result.samplesPerSecond).toBeGreaterThan(0);
    expect(Object.keys(result.final).sort()).toEqual(['accuracy', 'loss', 'test_accuracy', 'test_loss']);

    const paths = resolveDataPaths(home);
    const store = RunStore.open(paths.dbPath, { artifactsDir: paths.artifactsDir });
    expect(store.getRun(result.id).status).toBe('finished');
    store.close();

    const again = await cli(['evaluate', result.id, '--json'], home);
    expect(again.code, again.stderr).toBe(0);
    const evaluation = JSON.parse(again.stdout.trim()) as { loss: number; metrics: Record<string, number> };
    expect(evaluation.loss).toBeCloseTo(result.final.test_loss!, 5);
    expect(evaluation.metrics.accuracy).toBeCloseTo(result.final.test_accuracy!, 5);
  });

  it('prints plain progress lines and the run id without a terminal, with the not-imported lines as a note', async () => {
    const home = tempDir();
    const file = join(home, 'rnn.py');
    writeFileSync(file, REFERENCE_RNN_PY);
    const run = await cli(['train', file, '--epochs', '2', '--backend', 'gpu'], home);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Note: not imported/);
    expect(run.stderr).toMatch(/print\(f"Accuracy/);
    // The ladder says why it could not have the GPU and what it used.
    expect(run.stdout).toMatch(/Warning: gpu was requested but .*; using (wasm|cpu|tensorflow)/);
    expect(run.stdout).toMatch(/^Epoch 1\/2 .*loss \d/m);
    expect(run.stdout).toMatch(/^Epoch 2\/2 .*accuracy \d/m);
    expect(run.stdout).toMatch(/^Run id: \S+$/m);
  });

  it('exits non-zero for a run that diverges, saying where', async () => {
    const home = tempDir();
    const file = join(home, 'blowup.json');
    const spec = customSpec('blowup', [10, 8], [
      { className: 'Flatten', args: {} },
      { className: 'Dense', args: { units: 16, activation: 'relu' } },
      { className: 'Dense', args: { units: 1 } },
    ], { epochs: 2, batch_size: 10 }, { optimizer: { name: 'sgd', learning_rate: 1e12 }, loss: 'mse' });
    writeFileSync(file, writeModelSpecJson(spec));
    const run = await cli(['train', file, '--data', 'random', '--json'], home);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout.trim()) as { status: string; reason: string; at: { epoch: number; batch: number; step: number } };
    expect(result.status).toBe('diverged');
    expect(result.at.epoch).toBe(0);
    expect(result.reason).toContain(`batch ${result.at.batch + 1} (step ${result.at.step})`);
  });

  it('stops cleanly on Ctrl-C (SIGINT) as stopped', async () => {
    const home = tempDir();
    const file = join(home, 'cnn.json');
    writeFileSync(file, writeModelSpecJson(customSpec('cnn', [28, 28, 1], [
      { className: 'Conv2D', args: { filters: 16, kernel_size: [3, 3], activation: 'relu' } },
      { className: 'Flatten', args: {} },
      { className: 'Dense', args: { units: 10, activation: 'softmax' } },
    ], { epochs: 3 })));
    let sent = false;
    const run = await cli(['train', file, '--data', 'fashion-mnist', '--limit', '6000'], home, (out, child) => {
      if (!sent && /Training on/.test(out)) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    expect(sent).toBe(true);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Stopping after this batch/);
    expect(run.stdout).toMatch(/Run \S+ stopped: Stopped by request during epoch 1/);
  });

  it('trains a full Fashion-MNIST epoch (60,000 images) in under 1 GiB of resident memory', async () => {
    const home = tempDir();
    const file = join(home, 'mlp.json');
    writeFileSync(file, writeModelSpecJson(customSpec('mlp', [28, 28, 1], [
      { className: 'Flatten', args: {} },
      { className: 'Dense', args: { units: 128, activation: 'relu' } },
      { className: 'Dense', args: { units: 10, activation: 'softmax' } },
    ], { epochs: 1, batch_size: 32, validation_split: 0.1 })));
    const run = await cli(['train', file, '--data', 'fashion-mnist', '--json'], home);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim()) as { status: string; samplesPerSecond: number; final: Record<string, number> };
    expect(result.status).toBe('finished');
    expect(result.final.test_accuracy).toBeGreaterThan(0.75);
    expect(run.peakRss).toBeGreaterThan(0);
    expect(run.peakRss).toBeLessThan(1024 ** 3);
    console.info(`full Fashion-MNIST epoch (MLP): peak RSS ${(run.peakRss / 2 ** 20).toFixed(0)} MiB, ${result.samplesPerSecond} samples/s`);
  });

  it('refuses a shape mismatch before training with the fix, exit code 1', async () => {
    const home = tempDir();
    const file = join(home, 'cnn64.json');
    writeFileSync(file, writeModelSpecJson(customSpec('cnn64', [64, 64, 3], [
      { className: 'Conv2D', args: { filters: 4, kernel_size: [3, 3] } },
      { className: 'Flatten', args: {} },
      { className: 'Dense', args: { units: 10, activation: 'softmax' } },
    ])));
    const run = await cli(['train', file, '--data', 'fashion-mnist'], home);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DatasetError: .*\(64, 64, 3\).*--resize 64x64 --channels 3/);
  });
});
