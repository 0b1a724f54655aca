// Shared set-up for the browser tests: build the renderer when out/renderer is missing or older
// than its sources, start the real web server on a temp TRAINBENCH_HOME, and drive Debian's
// Chromium through playwright-core at 1280×800 with a fresh profile. No mocks: the real Node side.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { WebServer } from '../../src/main/server/web-server';
import { rendererIsFresh as isFresh } from '../../src/main/app/renderer-freshness';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

const rendererIsFresh = (): boolean => isFresh(ROOT);

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the renderer unless out/renderer/index.html is newer than every source it is made from.
 * Test files run in parallel forks: a lock folder (mkdir is atomic) lets one build while the
 * others wait, since two builds emptying the same out dir would break each other.
 */
export function ensureRendererBuilt(): void {
  if (rendererIsFresh()) return;
  const lock = join(ROOT, 'out/.renderer-build.lock');
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 5 minutes is left over from a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      sleep(250);
      if (rendererIsFresh()) return;
    }
  }
  try {
    if (rendererIsFresh()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Harness {
  url: string;
  /** The Node side's services (store, training), for seeding data the UI then shows. */
  server: WebServer;
  home: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function startHarness(prefix: string): Promise<Harness> {
  ensureRendererBuilt();
  const home = mkdtempSync(join(tmpdir(), `tb-${prefix}-home-`));
  const profile = mkdtempSync(join(tmpdir(), `tb-${prefix}-chrome-`));
  const { startWebServer } = await import('../../src/main/server/web-server');
  const server = await startWebServer({ port: 0, home, rendererDir: RENDERER_DIR });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: VIEWPORT,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return {
    url: server.url,
    server,
    home,
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      // A teardown error on the Node side is reported, not allowed to hide the test's own result.
      await server.close().catch((error: unknown) => console.warn(`[harness] server.close failed: ${String(error)}`));
      rmSync(profile, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Starts recording long tasks in the page; read them back with readLongTasks. (Plain JS strings:
 *  this code runs in the page, and the Node-side tsconfig has no DOM types.) */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  })()`);
}

export async function readLongTasks(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('window.__longTasks.slice()');
}
