// A trained model as the TensorFlow.js Layers format (model.json + 4 MiB weight shards) that
// plain tfjs loads with tf.loadLayersModel: Trainbench's fused SimpleRNN/LSTM layers are written
// as tfjs's own classes (same weights, same math); only GRU with reset_after=True, which tfjs
// lacks, keeps its Trainbench class (register it before loading: src/main/training/layers).
import type * as tf from '@tensorflow/tfjs';
import { fileSaveHandler, listTfjsModelFiles, type FileSaveOptions } from './tfjs-file-io';

/** Our layer classes that tfjs has under its own name, with the same weights and math. */
const PORTABLE_CLASS: Record<string, string> = { TrainbenchSimpleRNN: 'SimpleRNN', TrainbenchLSTM: 'LSTM' };
/** Activation names tfjs's recurrent layers accept. */
const TFJS_ACTIVATIONS = new Set(['tanh', 'sigmoid', 'relu', 'linear', 'elu', 'selu', 'softmax']);

type JsonObject = Record<string, unknown>;

/** Rewrites one layer entry of model.json's topology into tfjs's own class where one exists. */
function portableLayer(entry: JsonObject): JsonObject {
  const className = entry['class_name'];
  if (typeof className !== 'string' || !(className in PORTABLE_CLASS)) return entry;
  const config = { ...(entry['config'] as JsonObject) };
  const activations = [config['activation'], config['recurrent_activation']].filter((a) => a !== undefined);
  if (!activations.every((a) => typeof a === 'string' && TFJS_ACTIVATIONS.has(a))) return entry;
  delete config['seed'];
  if (className === 'TrainbenchSimpleRNN') delete config['recurrent_activation'];
  if (className === 'TrainbenchLSTM') {
    config['unit_forget_bias'] = true;
    config['implementation'] = 1;
  }
  Object.assign(config, { return_state: false, go_backwards: false, stateful: false, unroll: false });
  return { ...entry, class_name: PORTABLE_CLASS[className], config };
}

/** The topology with every portable layer rewritten (Sequential and nested configs alike). */
export function portableTopology(topology: unknown): unknown {
  if (Array.isArray(topology)) return topology.map(portableTopology);
  if (topology === null || typeof topology !== 'object') return topology;
  const obj = portableLayer(topology as JsonObject);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, portableTopology(v)]));
}

/** Class names left in a topology that plain tfjs does not know (what a loader must register). */
export function customClassNames(topology: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const cls = (node as JsonObject)['class_name'];
    if (typeof cls === 'string' && cls.startsWith('Trainbench')) found.add(cls);
    Object.values(node as JsonObject).forEach(walk);
  };
  walk(topology);
  return [...found];
}

export interface TfjsExportResult {
  files: string[];
  /** Classes a tfjs user must register before loading (GRU reset_after=True). */
  customClasses: string[];
}

/** Writes `model` into `dir` as tfjs Layers format; existing model files there are replaced. */
export async function exportTfjs(model: tf.LayersModel, dir: string, options: FileSaveOptions & { metadata?: JsonObject } = {}): Promise<TfjsExportResult> {
  const inner = fileSaveHandler(dir, options);
  let customClasses: string[] = [];
  await model.save({
    save: async (artifacts) => {
      const modelTopology = portableTopology(artifacts.modelTopology) as JsonObject;
      customClasses = customClassNames(modelTopology);
      const userDefinedMetadata = {
        ...(artifacts.userDefinedMetadata ?? {}),
        ...(options.metadata ?? {}),
        ...(customClasses.length ? { trainbenchCustomClasses: customClasses } : {}),
      };
      return inner.save!({ ...artifacts, modelTopology, userDefinedMetadata });
    },
  });
  return { files: listTfjsModelFiles(dir), customClasses };
}
