// Chart.js set up once for the workbench: only the parts we draw with, theme colours from CSS
// variables, a solid background (so PNG exports are not transparent), and the line/feed types
// every chart shares. Live charts push into the same arrays Chart.js reads, then update('none').
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Tooltip, Legend, Filler);

export interface XY {
  x: number;
  y: number;
}

export interface ChartLine {
  label: string;
  color: string;
  /** Appended to in place by live feeds; Chart.js reads this very array. */
  points: XY[];
  /** Raw values drawn thin and pale under their smoothed line. */
  faint?: boolean;
  dashed?: boolean;
  /** Draw a dot at each point (per-epoch lines have few points; one point alone is otherwise invisible). */
  markers?: boolean;
  /** Fill the area up to the next line (per-bucket min/max bands). */
  fillToNext?: boolean;
  /** Leave out of the legend and the CSV (bands, raw-under-EMA duplicates stay in CSV). */
  hideInLegend?: boolean;
}

export interface ChartFeed {
  lines: ChartLine[];
  /** The feed calls back after appending points or adding lines; the chart redraws on the next frame. */
  subscribe?(listener: () => void): () => void;
}

/**
 * Chart redraws go through one queue: at most one chart is redrawn per animation frame, and each
 * chart at most every MIN_REDRAW_MS. Live training then costs the page a few short tasks a second
 * (the Node side training on the same cores gets the rest), and no frame stacks up several charts.
 */
export const MIN_REDRAW_MS = 100;
const drawQueue: (() => void)[] = [];
let drawFrame = 0;
function pumpDraws(): void {
  drawFrame = 0;
  const next = drawQueue.shift();
  next?.();
  if (drawQueue.length) drawFrame = requestAnimationFrame(pumpDraws);
}
export function queueDraw(draw: () => void): void {
  if (!drawQueue.includes(draw)) drawQueue.push(draw);
  if (!drawFrame) drawFrame = requestAnimationFrame(pumpDraws);
}
export function cancelDraw(draw: () => void): void {
  const i = drawQueue.indexOf(draw);
  if (i >= 0) drawQueue.splice(i, 1);
}

/** A feed with nothing in it, for charts waiting for a run. */
export function emptyFeed(): ChartFeed {
  return { lines: [] };
}

export const RUN_COLORS = ['#2563eb', '#e4572e', '#17a673', '#9b5de5', '#f2a93b', '#0fa3b1', '#d7263d', '#6a994e', '#8d6e63', '#ff5d8f'];
export const SERIES_COLORS = { train: '#2563eb', val: '#e4572e', raw: '#2563eb' };

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Paints the panel colour under the chart so toDataURL gives an opaque image. */
export const backgroundPlugin: Plugin<'line'> = {
  id: 'tbBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = cssVar('--panel', '#ffffff');
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Exponential moving average with TensorBoard's debiasing, one value at a time. */
export class Ema {
  private last = 0;
  private n = 0;
  constructor(private readonly weight = 0.9) {}
  push(value: number): number {
    if (!Number.isFinite(value)) return value;
    this.n += 1;
    this.last = this.last * this.weight + (1 - this.weight) * value;
    return this.last / (1 - this.weight ** this.n);
  }
}

export function downloadDataUrl(dataUrl: string, filename: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Long-format CSV (series,x,y): lines need not share x values. */
export function linesToCsv(lines: ChartLine[], xName: string): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const out = [`series,${xName},value`];
  for (const line of lines) for (const p of line.points) out.push(`${quote(line.label)},${p.x},${p.y}`);
  return out.join('\n') + '\n';
}

export function downloadText(text: string, filename: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadDataUrl(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}
