// Where Trainbench keeps its data: TRAINBENCH_HOME, else the platform's user data dir
// (Linux: $XDG_DATA_HOME/trainbench or ~/.local/share/trainbench). Every room asks here.
import { mkdirSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export interface DataPaths {
  home: string;
  dbPath: string;
  artifactsDir: string;
  specsDir: string;
}

export function defaultDataHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRAINBENCH_HOME) return env.TRAINBENCH_HOME;
  const os = platform();
  if (os === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Trainbench');
  if (os === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Trainbench');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'trainbench');
}

export function resolveDataPaths(home: string = defaultDataHome()): DataPaths {
  return {
    home,
    dbPath: join(home, 'trainbench.db'),
    artifactsDir: join(home, 'artifacts'),
    specsDir: join(home, 'specs'),
  };
}

/** Creates the folders; separate from resolve so that `--help` can say where without writing. */
export function ensureDataPaths(paths: DataPaths): DataPaths {
  for (const dir of [paths.home, paths.artifactsDir, paths.specsDir]) mkdirSync(dir, { recursive: true });
  return paths;
}
