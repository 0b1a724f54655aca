// The runs table with 10,000 runs in the real store: only the rows in view are in the DOM, pages
// come from the server as you scroll, sorting, status filter and search go to the server, and
// scrolling from top to bottom makes no long task over 100 ms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '../../src/shared/spec/templates';
import { readLongTasks, screenshot, startHarness, watchLongTasks, type Harness } from './browser-harness';
import { RunsPage } from './pages/runs-page';

const COUNT = 10_000;

describe('runs table with 10,000 runs (browser)', () => {
  let h: Harness;
  let runs: RunsPage;
  let failed = 0;

  beforeAll(async () => {
    h = await startHarness('runs');
    const store = h.server.services.store;
    const spec = getTemplate('fashion-cnn').spec;
    // Started a second apart, ending now: realistic durations, a stable newest-first order.
    const t0 = Date.now() - COUNT * 1000;
    for (let i = 0; i < COUNT; i++) {
      const name = `sweep-${String(i).padStart(5, '0')}`;
      const run = store.createRun({
        name,
        spec,
        tags: i % 2 === 0 ? ['even'] : ['odd'],
        dataset: { kind: 'fashion-mnist', name: 'Fashion-MNIST' },
        startedAt: new Date(t0 + i * 1000),
      });
      const status = i % 5 === 0 ? 'failed' : 'finished';
      if (status === 'failed') failed += 1;
      store.recordEvent({ type: 'ended', runId: run.id, status, reason: status === 'failed' ? 'seeded failure' : null });
    }
    store.flush();
    runs = new RunsPage(h.page);
    await h.page.goto(`${h.url}#/runs`);
    await h.page.locator('[data-testid="runs-scroller"]').waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the total and keeps the DOM to the rows in view', async () => {
    await expect.poll(() => runs.total(), { timeout: 20_000 }).toBe(COUNT);
    const rendered = await runs.rows().count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(80);
    await screenshot(h.page, 'runs-10k');
  });

  it('scrolls from top to bottom without long tasks and loads the last page', async () => {
    await watchLongTasks(h.page);
    const scroller = h.page.locator('[data-testid="runs-scroller"]');
    const height = await scroller.evaluate((el: { scrollHeight: number }) => el.scrollHeight);
    for (let step = 1; step <= 20; step++) {
      await scroller.evaluate((el: { scrollTo(options: { top: number }): void }, top: number) => el.scrollTo({ top }), (height * step) / 20);
      await h.page.waitForTimeout(40);
    }
    // Newest first by default, so the bottom row is the first run made.
    await h.page.getByRole('link', { name: 'sweep-00000', exact: true }).waitFor({ timeout: 20_000 });
    const longTasks = await readLongTasks(h.page);
    expect(longTasks.filter((d) => d > 100), `long tasks: ${longTasks.map(Math.round).join(', ')}`).toEqual([]);
    expect(await runs.rows().count()).toBeLessThan(80);
  });

  it('sorts, filters by status and searches on the server', async () => {
    await h.page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => runs.rows().first().locator('a').first().innerText()).toBe('sweep-00000');
    await h.page.getByRole('button', { name: 'failed', exact: true }).click();
    await expect.poll(() => runs.total()).toBe(failed);
    await h.page.getByRole('button', { name: 'failed', exact: true }).click();
    await h.page.getByLabel('Search runs').fill('sweep-09999');
    await expect.poll(() => runs.total()).toBe(1);
    expect(await runs.rows().first().locator('a').first().innerText()).toBe('sweep-09999');
  });
});
