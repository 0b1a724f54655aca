// Training from the browser against the real Node side: the reference CNN made to fit
// Fashion-MNIST (256 images, 1 epoch), the live chart growing while the page stays responsive (no
// long task over 100 ms), the run page, a second run, the runs table and the comparison of the two.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLongTasks, screenshot, startHarness, watchLongTasks, type Harness } from './browser-harness';
import { EditorPage } from './pages/editor-page';
import { TrainPage } from './pages/train-page';
import { ComparePage, RunPage, RunsPage } from './pages/runs-page';

describe('training, runs and compare (browser)', () => {
  let h: Harness;
  let train: TrainPage;

  beforeAll(async () => {
    h = await startHarness('training');
    train = new TrainPage(h.page);
    await h.page.goto(h.url);
    await new EditorPage(h.page).layers().first().waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('trains the reference CNN on 256 Fashion-MNIST images and draws the chart live', async () => {
    await new EditorPage(h.page).trainThis();
    await h.page.waitForURL(/#\/train$/);
    await train.chooseDataset('fashion-mnist');
    // The notes' CNN takes 64×64×3; Fashion-MNIST is 28×28×1: the view says so and offers the fix.
    await train.fitMessage().waitFor();
    expect(await train.datasetShape().innerText()).toContain('(28, 28, 1)');
    expect(await train.datasetShape().innerText()).toContain('(64, 64, 3)');
    await train.useDataShape();
    await expect.poll(() => train.datasetShape().innerText()).toContain('fits');
    await train.setEpochs(1);
    await train.setLimit(256);
    await train.setTestLimit(256);
    await train.setField('batch_size', '16');
    expect(await train.backendLine().innerText()).toMatch(/wasm|cpu|tensorflow/);

    await watchLongTasks(h.page);
    await train.start();
    await train.progress().waitFor();

    // The batch chart grows while training runs (sampled, not only at the end).
    const seen: number[] = [];
    const deadline = Date.now() + 120_000;
    let shot = false;
    while (Date.now() < deadline) {
      seen.push(await train.chartPoints('chart-batch-loss'));
      if (!shot && seen[seen.length - 1]! >= 8) {
        shot = true;
        await screenshot(h.page, 'train-live');
      }
      const status = await train.progress().getAttribute('data-status');
      if (status !== 'running') break;
      await h.page.waitForTimeout(150);
    }
    const status = await train.waitForEnd(120_000);
    expect(status).toBe('finished');
    const growing = seen.filter((n, i) => i > 0 && n > seen[i - 1]!).length;
    expect(growing).toBeGreaterThanOrEqual(2);
    // Every batch is drawn once on the raw line and once on the smoothed line, none dropped.
    const batches = Number(await train.progress().getAttribute('data-batches-per-epoch'));
    expect(batches).toBe(Math.ceil(256 / 16));
    await expect.poll(() => train.chartPoints('chart-batch-loss')).toBe(2 * batches);
    await expect.poll(() => train.chartPoints('chart-epoch-loss'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    const longTasks = await readLongTasks(h.page);
    expect(longTasks.filter((d) => d > 100), `long tasks: ${longTasks.map((d) => Math.round(d)).join(', ')} ms`).toEqual([]);
    await screenshot(h.page, 'train');
  });

  it('opens the run page with metrics, confusion matrix and test images', async () => {
    await h.page.locator('[data-testid="open-run"]').click();
    await h.page.locator('[data-testid="run-view"]').waitFor();
    const run = new RunPage(h.page);
    await run.confusionMatrix().waitFor({ timeout: 20_000 });
    expect(await run.testAccuracy().innerText()).toMatch(/%/);
    expect(await run.confusionMatrix().locator('tbody tr').count()).toBe(10);
    await expect.poll(() => run.samples().count()).toBeGreaterThan(0);
    await expect.poll(() => h.page.locator('[data-testid="run-chart-batch-loss"]').getAttribute('data-points')).not.toBe('0');
    await screenshot(h.page, 'run');
    // Charts export as PNG (the canvas itself) and as CSV (every point of every line).
    const chart = h.page.locator('[data-testid="run-chart-batch-loss"]');
    const [png] = await Promise.all([h.page.waitForEvent('download'), chart.getByRole('button', { name: /as PNG/ }).click()]);
    expect(png.suggestedFilename()).toBe('loss-per-batch.png');
    const pngBytes = readFileSync(await png.path());
    expect([...pngBytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const [csv] = await Promise.all([h.page.waitForEvent('download'), chart.getByRole('button', { name: /as CSV/ }).click()]);
    const csvText = readFileSync(await csv.path(), 'utf8').trim().split('\n');
    expect(csvText[0]).toBe('series,step,value');
    expect(csvText.length).toBeGreaterThan(1);

    await run.saveNotes('first try: 256 images');
    await h.page.getByText('Saved.').waitFor();
    await h.page.locator('[data-testid="run-view"] section').last().scrollIntoViewIfNeeded();
    await screenshot(h.page, 'run-lower');
  });

  it('trains a second run with another learning rate and compares the two', async () => {
    await train.open();
    await train.setField('learning_rate', '0.003');
    await train.start();
    await expect.poll(() => train.progress().getAttribute('data-status'), { timeout: 10_000 }).toBe('running');
    expect(await train.waitForEnd(120_000)).toBe('finished');

    const runs = new RunsPage(h.page);
    await runs.open();
    await expect.poll(() => runs.total()).toBe(2);
    await expect.poll(() => runs.rows().count()).toBe(2);
    await screenshot(h.page, 'runs');
    await runs.select(0);
    await runs.select(1);
    await runs.compareSelected();

    const compare = new ComparePage(h.page);
    await compare.finalMetrics().waitFor();
    expect(await compare.finalMetrics().locator('thead th').count()).toBe(3);
    expect(await compare.finalMetrics().locator('td.best').count()).toBeGreaterThan(0);
    const diff = await compare.settingsDiff().innerText();
    expect(diff).toContain('learning_rate');
    await expect.poll(() => compare.chartPoints('compare-chart-batch-loss')).toBeGreaterThan(0);
    await screenshot(h.page, 'compare');
  });

  it('stops a run and resumes it from its run page', async () => {
    await train.open();
    await train.setEpochs(2);
    await train.setLimit(512);
    await train.start();
    await expect.poll(() => train.chartPoints('chart-batch-loss'), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    await h.page.locator('[data-testid="stop"]').click();
    expect(await train.waitForEnd(60_000)).toBe('stopped');
    expect(await train.progress().innerText()).toContain('Stopped');

    await train.progress().getByRole('link', { name: 'its run page' }).click();
    await h.page.locator('[data-testid="run-view"]').waitFor();
    await h.page.locator('[data-testid="resume"]').click();
    await h.page.waitForURL(/#\/train$/);
    await expect.poll(() => train.progress().getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
    expect(await train.waitForEnd(180_000)).toBe('finished');
  });
});
