// Saves and restores a model as tfjs's layers format in a folder (model.json + weights.bin),
// through our own IOHandler because tfjs-node's file:// handler is not installed here.
// Restoring sets the weights on a model built from the spec, so no custom class is deserialized.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface SavedFile {
  /** Absolute path. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface SavedFolder {
  dir: string;
  files: SavedFile[];
  /** Total bytes of the folder's files. */
  bytes: number;
}

function writeAtomic(path: string, data: Uint8Array | string): SavedFile {
  // Write then rename: an interrupted save never leaves a half checkpoint under the real name.
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { path, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** An IOHandler that writes model.json + weights.bin into `dir` and reports what it wrote. */
export function folderSaveHandler(dir: string, written: SavedFile[]): tf.io.IOHandler {
  return {
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      mkdirSync(dir, { recursive: true });
      const weightData = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }];
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: manifest,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      written.push(writeAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weightData)));
      written.push(writeAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson)));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Saves the model (and optionally the optimizer's state, for resume) into `dir`. */
export async function saveModelFolder(model: tf.LayersModel, dir: string, includeOptimizer = false): Promise<SavedFolder> {
  const files: SavedFile[] = [];
  const write = folderSaveHandler(dir, files);
  // tfjs's own includeOptimizer leaks the 'iter' scalar on every save; add the optimizer's
  // weights here instead and free what getWeights() made (never its variables).
  const handler: tf.io.IOHandler = {
    save: async (artifacts) => {
      if (includeOptimizer && model.optimizer) {
        const named = await model.optimizer.getWeights();
        try {
          const { data, specs } = await tf.io.encodeWeights(named, 'optimizer');
          const base = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
          artifacts = {
            ...artifacts,
            trainingConfig: (model as unknown as { getTrainingConfig(): tf.io.TrainingConfig }).getTrainingConfig(),
            weightData: tf.io.CompositeArrayBuffer.join([base, data]),
            weightSpecs: [...(artifacts.weightSpecs ?? []), ...specs],
          };
        } finally {
          tf.dispose(named.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
        }
      }
      return write.save!(artifacts);
    },
  };
  await model.save(handler);
  return { dir, files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
}

interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

interface ReadWeights {
  model: NamedTensor[];
  optimizer: NamedTensor[];
}

function readWeightsFolder(dir: string): ReadWeights {
  const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const buf = readFileSync(join(dir, p));
      buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    }
  }
  const data = tf.io.CompositeArrayBuffer.join(buffers);
  const out: ReadWeights = { model: [], optimizer: [] };
  // Decode spec by spec in manifest order: names may repeat across groups, order never lies.
  let offset = 0;
  for (const spec of specs) {
    const size = tf.util.sizeFromShape(spec.shape) * (spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : 1);
    const one = tf.io.decodeWeights(data.slice(offset, offset + size), [spec]);
    offset += size;
    const tensor = one[spec.name]!;
    (spec.group === 'optimizer' ? out.optimizer : out.model).push({ name: spec.name, tensor });
  }
  return out;
}

/**
 * Loads the weights saved in `dir` into a model of the same architecture (by order, shapes
 * checked), and the optimizer's state too when it was saved and `withOptimizer` is set.
 */
export async function loadModelFolder(model: tf.LayersModel, dir: string, withOptimizer = false): Promise<{ optimizerRestored: boolean }> {
  const read = readWeightsFolder(dir);
  try {
    const weights = model.weights;
    if (weights.length !== read.model.length) {
      throw new Error(`The saved weights in ${dir} hold ${read.model.length} tensors but the model has ${weights.length}: the model spec changed since they were saved.`);
    }
    weights.forEach((w, i) => {
      const saved = read.model[i]!.tensor;
      if (!tf.util.arraysEqual(w.shape as number[], saved.shape)) {
        throw new Error(`Saved weight ${read.model[i]!.name} has shape [${saved.shape.join(', ')}] but ${w.originalName} needs [${w.shape.join(', ')}]: the model spec changed since they were saved.`);
      }
    });
    model.setWeights(read.model.map((w) => w.tensor));
    let optimizerRestored = false;
    if (withOptimizer && read.optimizer.length > 0 && model.optimizer) {
      await model.optimizer.setWeights(read.optimizer);
      optimizerRestored = true;
    }
    return { optimizerRestored };
  } finally {
    tf.dispose(read.model.map((w) => w.tensor));
    // Optimizer setWeights copies into variables, so the read tensors can go.
    tf.dispose(read.optimizer.map((w) => w.tensor));
  }
}
