// `trainbench start` (what `npm start` runs): the Electron window where it can open, otherwise
// web mode on 127.0.0.1 with a per-launch token, saying in one line why Electron did not open.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../app/app-version';
import { detectElectron } from '../../app/electron-detect';
import { rendererIsFresh } from '../../app/renderer-freshness';
import { defaultDataHome } from '../../paths/data-paths';

/** Builds the renderer when out/renderer is missing or older than its sources (a dev checkout). */
export async function ensureRendererBuilt(root: string): Promise<string> {
  const outDir = join(root, 'out', 'renderer');
  if (!rendererIsFresh(root) && existsSync(join(root, 'vite.renderer.config.ts'))) {
    process.stdout.write('Building the workbench page (first start or changed sources)...\n');
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
  }
  return outDir;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('open the workbench: an Electron window, or web mode on http://127.0.0.1:<port> when Electron cannot open')
    .option('--web', 'serve the workbench to a browser instead of opening Electron')
    .option('--port <port>', 'web mode port (0 picks a free one)', '7860')
    .action(async (opts: { web?: boolean; port: string }) => {
      const root = packageRoot();
      const electron = detectElectron(root);
      if (!opts.web && electron.available && electron.binary) {
        const child = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'], {
          cwd: root,
          stdio: 'inherit',
        });
        await new Promise<void>((resolve) => child.on('exit', () => resolve()));
        return;
      }
      const why = opts.web ? 'web mode was asked for (--web)' : `Electron did not open: ${electron.reason ?? 'unavailable'}`;
      const rendererDir = await ensureRendererBuilt(root);
      // Loaded here, not at the top: `trainbench --help` must not pay for tfjs and SQLite.
      const { startWebServer } = await import('../../server/web-server');
      const port = Number(opts.port);
      let server;
      try {
        server = await startWebServer({ port, rendererDir, home: defaultDataHome() });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        process.stdout.write(`Port ${port} is in use; picking a free one.\n`);
        server = await startWebServer({ port: 0, rendererDir, home: defaultDataHome() });
      }
      process.stdout.write(
        `Trainbench (web mode: ${why})\n` +
          `  Open ${server.url}\n` +
          `  Data: ${server.services.paths.home}\n` +
          `  On a remote box: ssh -L ${server.port}:127.0.0.1:${server.port} <host>, then open the same URL here.\n` +
          `  Ctrl-C stops it.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.stdout.write('\nStopping Trainbench...\n');
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
