/** The terminal table of a bench report (plain text; the CLI may add colour). */
import type { BenchReport } from './run.js';

export function sizeLabel(size: number): string {
  if (size >= 1 << 20 && size % (1 << 20) === 0) return `${size >> 20} MiB`;
  if (size >= 1024 && size % 1024 === 0) return `${size >> 10} KiB`;
  return `${size} B`;
}

/** 3 significant digits without exponent: 0.0123, 1.23, 123, 12300. */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value >= 100) return Math.round(value).toString();
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return String(Number(value.toPrecision(3)));
}

function percent(spread: number): string {
  return Number.isFinite(spread) ? `±${(spread * 50).toFixed(1)}%` : '-';
}

export function reportHeading(report: BenchReport): string {
  return (
    `${report.algorithm} (driver ${report.driver}, ${report.keyBytes * 8}-bit key) on kernel ${report.kernel}, ${report.cpus} CPUs, node ${report.node}\n` +
    `${report.repetitions} repetitions of ${compact(report.durationSeconds / report.repetitions)} s per measurement after a warm-up; ` +
    `every mode checked against node:crypto (${report.inProcessCipher}) before it was measured; ` +
    `spread: half the range of the repetitions around their median`
  );
}

const columns = [
  'mode',
  'size',
  'AF_ALG ops/s',
  'MB/s',
  'p50 µs',
  'p99 µs',
  'spread',
  'node:crypto MB/s',
  'spread',
  'AF_ALG/node',
] as const;

export function formatTable(report: BenchReport): string[] {
  const rows = report.results.map((cell) => [
    cell.mode,
    sizeLabel(cell.size),
    compact(cell.afAlg.opsPerSecond),
    compact(cell.afAlg.megabytesPerSecond),
    compact(cell.afAlg.latencyMicroseconds.p50),
    compact(cell.afAlg.latencyMicroseconds.p99),
    percent(cell.afAlg.spread),
    compact(cell.inProcess.megabytesPerSecond),
    percent(cell.inProcess.spread),
    `${cell.ratio.toFixed(3)}x`,
  ]);
  const table = [[...columns], ...rows];
  const widths = columns.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) =>
    row
      .map((text, column) => (column < 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}
