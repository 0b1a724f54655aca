// tf.io handlers that save a LayersModel to a folder (model.json + weight shards) and load it
// back, because tfjs-node's file:// scheme is not installed here. Training reuses them for
// checkpoints; the tfjs exporter writes with them, and the tests reload with them.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const MODEL_JSON = 'model.json';
/** tfjs's converter shards at 4 MiB: browsers and CDNs cache files of that size well. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;
const SHARD_PATTERN = /^group1-shard\d+of\d+\.bin$/;

export interface FileSaveOptions {
  /** Largest weight file (default 4 MiB); 0 or Infinity writes one file. */
  shardBytes?: number;
}

function weightDataToBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

function shardNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
}

/** Files this handler writes into `dir`: model.json and its shards (used to clear an old export). */
export function listTfjsModelFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n === MODEL_JSON || SHARD_PATTERN.test(n)).map((n) => join(dir, n));
}

/**
 * A save handler writing model.json and group1-shardNofM.bin into `dir` (created if needed).
 * Each file is written beside its target and renamed, so a crash never leaves a half file
 * under the real name; stale shards of an earlier save with more shards are removed.
 */
export function fileSaveHandler(dir: string, options: FileSaveOptions = {}): tf.io.IOHandler {
  const target = resolve(dir);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('fileSaveHandler writes the Layers format only; got a binary (GraphDef) topology.');
      }
      mkdirSync(target, { recursive: true });
      const bytes = new Uint8Array(weightDataToBuffer(artifacts.weightData));
      const asked = options.shardBytes ?? DEFAULT_SHARD_BYTES;
      const limit = asked > 0 && Number.isFinite(asked) ? asked : bytes.byteLength || 1;
      const count = Math.max(1, Math.ceil(bytes.byteLength / limit));
      const names = shardNames(count);
      const written: string[] = [];
      for (let i = 0; i < count; i++) {
        const name = names[i] as string;
        writeAtomic(join(target, name), bytes.subarray(i * limit, Math.min(bytes.byteLength, (i + 1) * limit)));
        written.push(name);
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: written, weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      writeAtomic(join(target, MODEL_JSON), new TextEncoder().encode(JSON.stringify(modelJson)));
      for (const old of listTfjsModelFiles(target)) {
        const base = old.slice(target.length + 1);
        if (base !== MODEL_JSON && !written.includes(base)) rmSync(old, { force: true });
      }
      return {
        modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts),
      };
    },
  };
}

/** A load handler reading a model.json written by fileSaveHandler (or tfjs's converter) and its shards. */
export function fileLoadHandler(modelJsonPath: string): tf.io.IOHandler {
  const jsonPath = resolve(modelJsonPath);
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
      const base = dirname(jsonPath);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const file = readFileSync(join(base, p));
            buffers.push(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** Saves `model` into `dir` as the tfjs Layers format. */
export async function saveModelToDir(model: tf.LayersModel, dir: string, options: FileSaveOptions = {}): Promise<tf.io.SaveResult> {
  return model.save(fileSaveHandler(dir, options));
}

/** Loads a LayersModel from `dir`/model.json (custom layers must be registered first). */
export async function loadModelFromDir(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileLoadHandler(join(dir, MODEL_JSON)));
}

/**
 * Reads only the weights of a saved model as name -> tensor (the caller disposes them), in the
 * manifest's order; for loading into a model rebuilt from its spec (`model.loadWeights`).
 */
export async function readWeightsFromDir(dir: string): Promise<{ names: string[]; tensors: tf.NamedTensorMap }> {
  const artifacts = await fileLoadHandler(join(dir, MODEL_JSON)).load!();
  const specs = artifacts.weightSpecs ?? [];
  const tensors = tf.io.decodeWeights(weightDataToBuffer(artifacts.weightData), specs);
  return { names: specs.map((s) => s.name), tensors };
}

function writeAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}
