// The model editor in Chromium against the real web server: first launch on the reference CNN
// with Keras's numbers and the window arithmetic, an impossible layer marked and fixed, reordering
// by keyboard, Keras code pasted in, and a spec saved and reopened by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startHarness, type Harness } from './browser-harness';
import { EditorPage } from './pages/editor-page';

const RNN_CODE = `import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN, Dense

X = tf.random.normal([100, 10, 8])  # 100 samples, 10 timesteps, 8 features
y = tf.random.uniform([100], maxval=2, dtype=tf.int32)  # Binary labels

model = Sequential([
    SimpleRNN(32, activation='tanh', input_shape=(10, 8)),
    Dense(1, activation='sigmoid')
])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=5, batch_size=16)
loss, accuracy = model.evaluate(X, y)
print(f"Accuracy: {accuracy}")
`;

describe('model editor (browser)', () => {
  let h: Harness;
  let editor: EditorPage;

  beforeAll(async () => {
    h = await startHarness('editor');
    editor = new EditorPage(h.page);
    await h.page.goto(h.url);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens on the reference CNN at first launch, with Keras numbers and the arithmetic filled in', async () => {
    await h.page.waitForURL(/#\/editor$/);
    await editor.layers().first().waitFor();
    expect(new URL(h.page.url()).searchParams.get('token')).toBeNull();
    expect(await editor.layers().count()).toBe(7);
    // Keras's model.summary() for the notes' CNN (reference-models.md).
    const expected = [
      ['(62, 62, 32)', '896'],
      ['(31, 31, 32)', '0'],
      ['(29, 29, 64)', '18,496'],
      ['(14, 14, 64)', '0'],
      ['(12544)', '0'],
      ['(128)', '1,605,760'],
      ['(10)', '1,290'],
    ];
    for (const [i, [shape, params]] of expected.entries()) {
      expect(await editor.outShape(i + 1)).toBe(shape);
      expect(await editor.params(i + 1)).toBe(params);
    }
    expect(await editor.arithmetic(1)).toContain('O = (64 − 3 + 2·0)/1 + 1 = 62');
    expect(await editor.arithmetic(2)).toContain('O = (62 − 2 + 2·0)/2 + 1 = 31');
    expect(await editor.arithmetic(4)).toContain('= 14');
    expect(await editor.totalParams()).toBe('1,626,442');
    await expect.poll(() => editor.nextStep().innerText()).toContain('Train this model');
    expect(await h.page.locator('[data-testid="train-this"]').isEnabled()).toBe(true);
    await screenshot(h.page, 'editor');
  });

  it('updates the arithmetic as you type', async () => {
    await editor.setArg(1, 'strides', '2, 2');
    expect(await editor.arithmetic(1)).toContain('floor((64 − 3 + 2·0)/2) + 1 = 31');
    expect(await editor.outShape(1)).toBe('(31, 31, 32)');
    await editor.setArg(1, 'strides', '');
    expect(await editor.outShape(1)).toBe('(62, 62, 32)');
  });

  it('copies the model as Keras code', async () => {
    await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(h.url).origin });
    await h.page.locator('[data-testid="copy-keras"]').click();
    await h.page.getByText(/Copied \d+ lines of Keras code/).waitFor();
    const code = await h.page.evaluate<string>('navigator.clipboard.readText()');
    expect(code).toContain('Sequential');
    expect(code).toMatch(/Conv2D\(32, \(3, 3\)/);
    expect(code).toContain('shape=(64, 64, 3)');
  });

  it('marks an impossible layer where it is, with the fix, and clears it when fixed', async () => {
    await editor.setArg(3, 'kernel_size', '40, 40');
    const issues = await editor.issues(3);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain('larger than its input 31');
    expect(issues[0]).toMatch(/Fix:/);
    expect(await editor.layer(3).getAttribute('class')).toContain('bad');
    // Layers before it keep their numbers; the button to train is held back.
    expect(await editor.outShape(1)).toBe('(62, 62, 32)');
    expect(await h.page.locator('[data-testid="next-step"] button.primary').isDisabled()).toBe(true);
    await screenshot(h.page, 'editor-impossible-layer');

    await editor.setArg(3, 'kernel_size', '3, 3');
    expect(await editor.issues(3)).toHaveLength(0);
    expect(await editor.totalParams()).toBe('1,626,442');
  });

  it('reorders and removes layers with keyboard-reachable buttons', async () => {
    const up = h.page.getByRole('button', { name: 'Move Dense 7 up' });
    await up.focus();
    await h.page.keyboard.press('Enter');
    expect(await editor.layer(6).getAttribute('data-class')).toBe('Dense');
    expect(await editor.params(6)).toBe(String((12544 + 1) * 10).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    await h.page.getByRole('button', { name: 'Move Dense 6 down' }).click();
    expect(await editor.params(7)).toBe('1,290');
    await h.page.locator('[data-testid="add-layer-class"]').selectOption('Dropout');
    await h.page.locator('[data-testid="add-layer"]').click();
    expect(await editor.layers().count()).toBe(8);
    await h.page.getByRole('button', { name: 'Remove Dropout 8' }).click();
    expect(await editor.layers().count()).toBe(7);
  });

  it('imports pasted Keras code and lists the lines it did not import', async () => {
    await editor.pasteKeras(RNN_CODE);
    await expect.poll(() => editor.layers().count()).toBe(2);
    expect(await editor.layer(1).getAttribute('data-class')).toBe('SimpleRNN');
    expect(await editor.params(1)).toBe('1,312');
    expect(await editor.params(2)).toBe('33');
    expect(await editor.totalParams()).toBe('1,345');
    const notImported = await h.page.locator('[data-testid="not-imported"]').innerText();
    expect(notImported).toContain('print(');
    await screenshot(h.page, 'editor-keras-import');
  });

  it('follows the dark colour scheme', async () => {
    await h.page.emulateMedia({ colorScheme: 'dark' });
    const bg = await h.page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await screenshot(h.page, 'editor-dark');
    await h.page.emulateMedia({ colorScheme: 'light' });
    const light = await h.page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(bg).not.toBe(light);
  });

  it('saves a spec by name and reopens it', async () => {
    await h.page.locator('[data-testid="save-name"]').fill('rnn-from-notes');
    await h.page.locator('[data-testid="save-spec"]').click();
    await h.page.getByRole('button', { name: 'rnn-from-notes', exact: true }).waitFor();
    await editor.chooseTemplate('reference-cnn');
    await expect.poll(() => editor.layers().count()).toBe(7);
    await h.page.getByRole('button', { name: 'rnn-from-notes', exact: true }).click();
    await expect.poll(() => editor.layers().count()).toBe(2);
    expect(await editor.totalParams()).toBe('1,345');
  });
});
