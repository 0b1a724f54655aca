// Decides whether the Electron window can open, without requiring the `electron` package:
// recent electron packages download their binary on first require, which must never happen
// from `npm start` on a machine that cannot reach that download.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ElectronStatus {
  available: boolean;
  /** Absolute path of the Electron executable when installed. */
  binary?: string;
  /** One line saying why the window cannot open. */
  reason?: string;
}

export function detectElectron(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ElectronStatus {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { available: false, reason: 'the electron package is not installed (npm install brings it as a dev dependency)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const binary = relative ? join(pkgDir, 'dist', relative) : '';
  if (!relative || !existsSync(binary)) {
    return {
      available: false,
      reason: 'the Electron binary is not downloaded (node_modules/electron/dist is empty; it comes from a download this machine could not reach)',
    };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { available: false, binary, reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { available: true, binary };
}
