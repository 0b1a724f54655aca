// Whether out/renderer is newer than everything it is built from, so a dev checkout's
// `npm start` (and the browser tests) rebuild the page only when its sources changed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function rendererIsFresh(root: string): boolean {
  const index = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return false;
  const sources = ['src/renderer', 'src/shared', 'vite.renderer.config.ts'].map((p) => newestMtime(join(root, p)));
  return statSync(index).mtimeMs > Math.max(...sources);
}
