// Page object for the Train view: data, hyperparameters, start/stop, live progress and charts.
import type { Locator, Page } from 'playwright-core';

export class TrainPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="nav-train"]').click();
    await this.page.locator('[data-testid="dataset-select"]').waitFor();
  }

  async chooseDataset(kind: string): Promise<void> {
    await this.page.locator('[data-testid="dataset-select"]').selectOption(kind);
  }

  datasetShape(): Locator {
    return this.page.locator('[data-testid="dataset-shape"]');
  }

  fitMessage(): Locator {
    return this.page.locator('[data-testid="fit-message"]');
  }

  async useDataShape(): Promise<void> {
    await this.page.locator('[data-testid="use-data-shape"]').click();
  }

  async setEpochs(n: number): Promise<void> {
    await this.page.locator('[data-testid="epochs"]').fill(String(n));
  }

  async setLimit(n: number): Promise<void> {
    await this.page.locator('[data-testid="limit"]').fill(String(n));
  }

  async setTestLimit(n: number): Promise<void> {
    await this.page.locator('[data-testid="test-limit"]').fill(String(n));
  }

  async setField(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  backendLine(): Locator {
    return this.page.locator('[data-testid="backend-line"]');
  }

  startButton(): Locator {
    return this.page.locator('[data-testid="start"]');
  }

  /** Starts training; fails with the page's own message when the Node side refuses the run. */
  async start(): Promise<void> {
    await this.startButton().click();
    const error = this.page.locator('[data-testid="start-error"]');
    const stop = this.page.locator('[data-testid="stop"]');
    await error.or(stop).or(this.page.locator('[data-testid="live-progress"][data-status="running"]')).first().waitFor({ timeout: 30_000 });
    if (await error.isVisible()) throw new Error(`training did not start: ${await error.innerText()}`);
  }

  progress(): Locator {
    return this.page.locator('[data-testid="live-progress"]');
  }

  /** Points currently drawn in a live chart (the chart component reports it on its figure). */
  async chartPoints(testId: string): Promise<number> {
    const value = await this.page.locator(`[data-testid="${testId}"]`).getAttribute('data-points');
    return Number(value ?? 0);
  }

  async waitForEnd(timeoutMs: number): Promise<string> {
    // Polled from here: the page's CSP (no eval) rules out waitForFunction with a string.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = (await this.progress().getAttribute('data-status')) ?? '';
      if (status && status !== 'running') return status;
      if (Date.now() > deadline) throw new Error(`training still '${status}' after ${timeoutMs} ms`);
      await this.page.waitForTimeout(250);
    }
  }

}
