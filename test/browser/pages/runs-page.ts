// Page object for the runs table and the compare view.
import type { Locator, Page } from 'playwright-core';

export class RunsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="nav-runs"]').click();
    await this.page.locator('[data-testid="runs-scroller"]').waitFor();
  }

  rows(): Locator {
    return this.page.locator('[data-testid="run-row"]');
  }

  async total(): Promise<number> {
    return Number((await this.page.locator('[data-testid="runs-total"]').innerText()).replace(/[^0-9]/g, ''));
  }

  async select(index: number): Promise<void> {
    await this.rows().nth(index).locator('input[type="checkbox"]').check();
  }

  async compareSelected(): Promise<void> {
    await this.page.locator('[data-testid="compare-selected"]').click();
    await this.page.locator('[data-testid="compare-view"]').waitFor();
  }

  async openRun(index: number): Promise<void> {
    await this.rows().nth(index).locator('a').first().click();
    await this.page.locator('[data-testid="run-view"]').waitFor();
  }
}

export class RunPage {
  constructor(private readonly page: Page) {}

  name(): Locator {
    return this.page.locator('[data-testid="run-name"]');
  }

  testAccuracy(): Locator {
    return this.page.locator('[data-testid="test-accuracy"]');
  }

  confusionMatrix(): Locator {
    return this.page.locator('[data-testid="confusion-matrix"]');
  }

  samples(): Locator {
    return this.page.locator('[data-testid="sample-grid"] canvas');
  }

  async saveNotes(text: string): Promise<void> {
    await this.page.locator('[data-testid="run-notes"]').fill(text);
    await this.page.locator('[data-testid="save-notes"]').click();
  }
}

export class ComparePage {
  constructor(private readonly page: Page) {}

  finalMetrics(): Locator {
    return this.page.locator('[data-testid="final-metrics"]');
  }

  settingsDiff(): Locator {
    return this.page.locator('[data-testid="settings-diff"]');
  }

  async chartPoints(testId: string): Promise<number> {
    return Number((await this.page.locator(`[data-testid="${testId}"]`).getAttribute('data-points')) ?? 0);
  }
}
