// Describes where a run trained (backend from selectBackend plus OS, CPU, Node, tfjs and
// Trainbench versions) and fingerprints its spec, for the run record (the data's hash is datasets').
import { createHash } from 'node:crypto';
import { arch, cpus, release, type } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Environment } from '../../shared/run/run-types';
import type { ModelSpec } from '../../shared/spec/model-spec';
import type { BackendSelection } from './backends/select-backend';

export function describeEnvironment(selection: BackendSelection, trainbenchVersion: string): Environment {
  const cpuList = cpus();
  const env: Environment = {
    backend: selection.backend,
    backendPackage: selection.backendPackage,
    gpu: selection.gpu,
    device: selection.device,
    threads: selection.threads,
    tfjsVersion: tf.version.tfjs,
    trainbenchVersion,
    os: `${type()} ${release()} ${arch()}`,
    cpu: `${cpuList[0]?.model.trim() ?? 'unknown CPU'} × ${cpuList.length}`,
    nodeVersion: process.versions.node,
  };
  if (selection.fallbackReason) env.fallbackReason = selection.fallbackReason;
  return env;
}

/** JSON with sorted keys, so equal specs hash equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashSpec(spec: ModelSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}
