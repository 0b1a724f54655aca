// Serves the built renderer (out/renderer) to web mode, refusing any path that escapes it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export function serveStatic(rootDir: string, urlPath: string, res: ServerResponse): boolean {
  const root = resolve(rootDir);
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const file = resolve(join(root, relative || 'index.html'));
  if (file !== root && !file.startsWith(root + sep)) return false;
  const target = existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
  if (!existsSync(target)) return false;
  res.writeHead(200, {
    'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
    'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(target).pipe(res);
  return true;
}

export function rendererIsBuilt(rootDir: string): boolean {
  return existsSync(join(rootDir, 'index.html'));
}
