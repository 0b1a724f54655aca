// The bench's printed table: per workload, samples/s of Trainbench, PyTorch and tfjs cpu, the
// two ratios and both test accuracies.
import type { BenchResult } from './run-bench';

function num(v: number | null | undefined, digits: number): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

export function formatTable(result: BenchResult): string {
  const header = ['workload', 'Trainbench s/s', 'PyTorch s/s', 'ratio', 'PT 1-thr s/s', 'tfjs cpu s/s', 'vs cpu', 'acc TB', 'acc PT', 'Δ pts'];
  const rows = result.workloads.map((w) => [
    w.id,
    num(w.trainbench.samplesPerSecond, 1),
    num(w.pytorch?.samplesPerSecond, 1),
    w.ratioVsPytorch === null ? '–' : `${num(w.ratioVsPytorch, 2)}×`,
    num(w.pytorchOneThread?.samplesPerSecond, 1),
    num(w.tfjsCpu?.samplesPerSecond, 2),
    w.ratioVsCpu === null ? '–' : `${num(w.ratioVsCpu, 1)}×`,
    num(w.trainbench.testAccuracy, 4) + (w.accuracyOnTrain ? '*' : ''),
    num(w.pytorch?.testAccuracy, 4),
    num(w.accuracyGapPoints, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (result.workloads.some((w) => w.accuracyOnTrain)) out.push('* accuracy on the training data (random data, no test split)');
  return out.join('\n');
}
