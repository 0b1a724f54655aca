// Checks that belong to the model rather than a layer: the input shape, compile settings
// (optimizer, learning rate, loss, metrics) and fit settings (epochs, batch size, split, seed).
// The editor hands over whatever is typed, so nothing here trusts the TypeScript types.
import { LOSSES, METRICS, OPTIMIZERS } from './model-spec';
import { closestName } from './closest-name';
import { showValue } from './layer-args';
import type { SpecIssue, SpecIssueCode } from './spec-issues';

function modelIssue(code: SpecIssueCode, message: string, fix: string, arg?: string): SpecIssue {
  return { layerIndex: null, layerName: null, className: null, code, message, fix, ...(arg ? { arg } : {}) };
}

export function inputShapeIssues(shape: unknown): SpecIssue[] {
  if (shape === undefined || shape === null || (Array.isArray(shape) && shape.length === 0)) {
    return [
      modelIssue(
        'missing-input-shape',
        'Model: no input shape',
        'give the first layer input_shape=(...) or start with keras.Input(shape=(...)), e.g. (28, 28, 1) for images or (10, 8) for sequences',
      ),
    ];
  }
  const valid = Array.isArray(shape) && shape.length <= 3 && shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (!valid) {
    return [
      modelIssue(
        'bad-input-shape',
        `Model: input shape ${showValue(shape)} is not 1 to 3 positive whole numbers`,
        'use (features,), (timesteps, features) or (height, width, channels), e.g. (28, 28, 1)',
      ),
    ];
  }
  return [];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function compileIssues(compile: unknown): SpecIssue[] {
  if (!isRecord(compile)) return [modelIssue('bad-compile', 'compile: settings are missing', "use optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy']")];
  const issues: SpecIssue[] = [];
  const opt = compile.optimizer;
  if (!isRecord(opt) || typeof opt.name !== 'string' || !(OPTIMIZERS as readonly string[]).includes(opt.name)) {
    const name = isRecord(opt) ? opt.name : opt;
    const near = typeof name === 'string' ? closestName(name, OPTIMIZERS) : null;
    issues.push(modelIssue('bad-compile', `compile: unknown optimizer ${showValue(name)}`, near ? `did you mean '${near}'? (${OPTIMIZERS.join(', ')})` : `use one of ${OPTIMIZERS.join(', ')}`, 'optimizer'));
  } else {
    const lr = opt.learning_rate;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
      issues.push(modelIssue('bad-compile', `compile: learning_rate must be a positive number, got ${showValue(lr)}`, 'use e.g. learning_rate=0.001', 'learning_rate'));
    }
    if (opt.momentum !== undefined) {
      if (opt.name !== 'sgd') issues.push(modelIssue('bad-compile', `compile: momentum applies to sgd only, not ${opt.name}`, "remove momentum or use optimizer 'sgd'", 'momentum'));
      else if (typeof opt.momentum !== 'number' || !(opt.momentum >= 0 && opt.momentum <= 1)) {
        issues.push(modelIssue('bad-compile', `compile: momentum must be in [0, 1], got ${showValue(opt.momentum)}`, 'use e.g. momentum=0.9', 'momentum'));
      }
    }
  }
  const loss = compile.loss;
  if (typeof loss !== 'string' || !(LOSSES as readonly string[]).includes(loss)) {
    const near = typeof loss === 'string' ? closestName(loss, LOSSES) : null;
    issues.push(modelIssue('bad-compile', `compile: unknown loss ${showValue(loss)}`, near ? `did you mean '${near}'? (${LOSSES.join(', ')})` : `use one of ${LOSSES.join(', ')}`, 'loss'));
  }
  const metrics = compile.metrics;
  if (!Array.isArray(metrics) || metrics.some((m) => !(METRICS as readonly unknown[]).includes(m))) {
    issues.push(modelIssue('bad-compile', `compile: metrics must be a list of ${METRICS.map((m) => `'${m}'`).join(', ')}, got ${showValue(metrics)}`, "use metrics=['accuracy']", 'metrics'));
  }
  return issues;
}

export function fitIssues(fit: unknown): SpecIssue[] {
  if (!isRecord(fit)) return [modelIssue('bad-fit', 'fit: settings are missing', 'use epochs=5, batch_size=32')];
  const issues: SpecIssue[] = [];
  const posInt = (key: string, example: number): void => {
    const v = fit[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) issues.push(modelIssue('bad-fit', `fit: ${key} must be a positive whole number, got ${showValue(v)}`, `use e.g. ${key}=${example}`, key));
  };
  posInt('epochs', 5);
  posInt('batch_size', 32);
  const split = fit.validation_split;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) {
    issues.push(modelIssue('bad-fit', `fit: validation_split ${showValue(split)} is outside [0, 1)`, 'use the fraction held out for validation, e.g. validation_split=0.1', 'validation_split'));
  }
  if (typeof fit.shuffle !== 'boolean') issues.push(modelIssue('bad-fit', `fit: shuffle must be True or False, got ${showValue(fit.shuffle)}`, 'use shuffle=True', 'shuffle'));
  const seed = fit.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) issues.push(modelIssue('bad-fit', `fit: seed must be a whole number ≥ 0, got ${showValue(seed)}`, 'use e.g. seed=42', 'seed'));
  return issues;
}
