// Page object for the model editor: layers, their arguments, arithmetic and issues, the summary.
import type { Locator, Page } from 'playwright-core';

export class EditorPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="nav-editor"]').click();
    await this.layers().first().waitFor();
  }

  layers(): Locator {
    return this.page.locator('[data-testid="layer-card"]');
  }

  layer(position: number): Locator {
    return this.layers().nth(position - 1);
  }

  async outShape(position: number): Promise<string> {
    return (await this.layer(position).locator('[data-testid="out-shape"]').innerText()).trim();
  }

  async params(position: number): Promise<string> {
    return (await this.layer(position).locator('[data-testid="params"]').innerText()).replace(/\s*params\s*$/, '').trim();
  }

  async arithmetic(position: number): Promise<string> {
    return (await this.layer(position).locator('[data-testid="arithmetic"]').innerText()).replace(/\s+/g, ' ').trim();
  }

  async issues(position: number): Promise<string[]> {
    return this.layer(position).locator('[data-testid="layer-issue"]').allInnerTexts();
  }

  async setArg(position: number, arg: string, text: string): Promise<void> {
    const input = this.layer(position).getByLabel(arg, { exact: true });
    await input.fill(text);
  }

  async totalParams(): Promise<string> {
    return (await this.page.locator('[data-testid="total-params"]').innerText()).split('(')[0]!.trim();
  }

  async chooseTemplate(id: string): Promise<void> {
    await this.page.locator('[data-testid="template-select"]').selectOption(id);
  }

  async pasteKeras(code: string): Promise<void> {
    await this.page.locator('[data-testid="paste-keras"]').click();
    await this.page.locator('[data-testid="keras-source"]').fill(code);
    await this.page.locator('[data-testid="import-keras"]').click();
  }

  nextStep(): Locator {
    return this.page.locator('[data-testid="next-step"]');
  }

  async trainThis(): Promise<void> {
    await this.page.locator('[data-testid="train-this"]').click();
  }
}
