// Web mode's transport against the real server: the token leaves the address bar, and when the
// Node side goes away the page says so and comes back by itself once it is up again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';
import { ensureRendererBuilt, RENDERER_DIR, screenshot, VIEWPORT } from './browser-harness';

describe('connection to the Node side (browser)', () => {
  let home: string;
  let profile: string;
  let server: WebServer | null = null;
  let context: BrowserContext;

  beforeAll(async () => {
    ensureRendererBuilt();
    home = mkdtempSync(join(tmpdir(), 'tb-conn-home-'));
    profile = mkdtempSync(join(tmpdir(), 'tb-conn-chrome-'));
    server = await startWebServer({ port: 0, home, rendererDir: RENDERER_DIR });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      viewport: VIEWPORT,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('shows "Node side gone" while the server is down and recovers when it is back', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server!.url);
    await page.locator('[data-testid="layer-card"]').first().waitFor();
    expect(page.url()).not.toContain('token=');
    const banner = page.locator('[data-testid="connection-banner"]');
    expect(await banner.count()).toBe(0);

    const { port, token } = server!;
    await server!.close();
    server = null;
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toContain('Node side gone');
    await screenshot(page, 'node-side-gone');

    server = await startWebServer({ port, token, home, rendererDir: RENDERER_DIR });
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    // Requests work again with the token the page kept for this tab.
    await page.locator('[data-testid="nav-runs"]').click();
    await expect.poll(() => page.locator('[data-testid="runs-total"]').innerText()).toContain('0 runs');
  });
});
