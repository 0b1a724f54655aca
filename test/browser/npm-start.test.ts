// The front door as a user without a display meets it: `npm start` prints a URL with a token,
// the page loads in Debian's Chromium and answers a real API call; without the token, nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from './browser-harness';

let child: ChildProcess;
let home: string;
let url = '';
let output = '';
let browser: Browser;

beforeAll(async () => {
  // Build under the harness's lock first: other browser test files may be building at the same time.
  ensureRendererBuilt();
  home = mkdtempSync(join(tmpdir(), 'tb-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TRAINBENCH_HOME: home };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  // Its own process group, so the test can stop npm and the workbench under it together.
  child = spawn('npm', ['start', '--', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL in 150 s:\n${output}`)), 150_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  const group = child?.pid;
  if (group) {
    process.kill(-group, 'SIGINT');
    await new Promise((r) => setTimeout(r, 1000));
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(home, { recursive: true, force: true });
});

describe('npm start without a display', () => {
  it('says in one line why Electron did not open, and where the data lives', () => {
    expect(output).toMatch(/web mode: Electron did not open: .+/);
    expect(output).toContain(home);
  });

  it('serves a page that loads and answers a real API call', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const answered = page.waitForResponse((r) => r.url().includes('/api/invoke/') && r.status() === 200);
    await page.goto(url);
    const response = await answered;
    const envelope = (await response.json()) as { ok: boolean };
    expect(envelope.ok).toBe(true);
    await expect(page.title()).resolves.toMatch(/Trainbench/);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-results/screenshots/npm-start-web-mode.png' });
    await page.close();
  });

  it('refuses the same address without the token', async () => {
    const bare = url.replace(/\?token=.*/, '');
    const res = await fetch(bare);
    expect(res.status).toBe(401);
  });
});
