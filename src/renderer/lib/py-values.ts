// Keras argument values as a person types them in the editor ("3, 3", "(2, 2)", "None", "same",
// "True") and back. Unparseable text is kept as a string so the spec analyzer can name the fix.
export function showPy(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return value.length === 1 ? `${showPy(value[0])},` : value.map(showPy).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function parsePy(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (t === 'None') return null;
  if (t === 'True' || t === 'true') return true;
  if (t === 'False' || t === 'false') return false;
  if (NUMBER.test(t)) return Number(t);
  const inner = t.replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  if (inner.includes(',')) {
    const parts = inner.split(',').map((p) => p.trim());
    if (parts[parts.length - 1] === '') parts.pop();
    if (parts.length > 0 && parts.every((p) => NUMBER.test(p))) return parts.map(Number);
  }
  return t.replace(/^['"]|['"]$/g, '');
}

/** "64, 64, 3" or "(64, 64, 3)" as an input shape; null when not all positive whole numbers. */
export function parseShape(text: string): number[] | null {
  const parts = text.replace(/[()[\]\s]/g, '').split(',').filter(Boolean);
  if (!parts.length) return null;
  const nums = parts.map(Number);
  return nums.every((n) => Number.isInteger(n) && n > 0) ? nums : null;
}
