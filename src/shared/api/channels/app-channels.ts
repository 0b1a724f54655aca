// app:* — what the workbench is running on: version, data dir, backends a run can get.
import { z } from 'zod';
import type { BackendName, BackendRequest } from '../../run/run-types';

export interface BackendAvailability {
  request: BackendRequest;
  backend: BackendName;
  available: boolean;
  gpu: boolean;
  package: string;
  /** Why it is not available, in one line. */
  reason?: string;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  dataDir: string;
  backends: BackendAvailability[];
  /** What 'auto' gives on this machine, and why when it is not the GPU. */
  autoBackend: { backend: BackendName; gpu: boolean; why: string };
}

export const appRequests = {
  'app:info': z.object({}).strict(),
} as const;

export interface AppResults {
  'app:info': AppInfo;
}
