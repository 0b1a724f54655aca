// Number, duration and shape formatting shared by every view, so the same value reads the same.
export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US');
}

export function fmtNum(n: number | null | undefined, digits = 4): string {
  if (n === null || n === undefined) return '–';
  if (!Number.isFinite(n)) return String(n);
  if (n !== 0 && Math.abs(n) < 1e-3) return n.toExponential(2);
  return Number(n.toPrecision(digits)).toString();
}

export function fmtPct(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : `${(n * 100).toFixed(1)} %`;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function fmtShape(shape: readonly (number | null)[] | null | undefined): string {
  if (!shape) return '?';
  // Keras's summary spelling: (62, 62, 32), (12544) — no Python one-tuple comma.
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fmtValue(v: unknown): string {
  if (v === undefined) return '–';
  if (typeof v === 'number') return fmtNum(v, 6);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
