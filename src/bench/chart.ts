/**
 * The bench chart as a self-contained SVG: throughput (MB/s, log scale) by request size
 * (log scale) with one line per AF_ALG mode and dashed lines for node:crypto in process.
 */
import { sizeLabel } from './format.js';
import type { BenchCell, BenchReport } from './run.js';

const width = 1060;
const height = 620;
const margin = { left: 96, right: 300, top: 84, bottom: 78 };
/** Keeps the first and last sizes off the frame. */
const inset = 28;
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
/** node:crypto lines: black dashes and grey dots, told apart from the coloured AF_ALG modes. */
const referenceStyles = [
  { colour: '#000000', dash: '9 5' },
  { colour: '#808080', dash: '2 4' },
] as const;
const font = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

interface Series {
  readonly label: string;
  readonly colour: string;
  /** stroke-dasharray of node:crypto lines; AF_ALG lines are solid. */
  readonly dash: string | undefined;
  readonly points: readonly { size: number; value: number }[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function usable(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function series(report: BenchReport): Series[] {
  const byMode = (mode: string): BenchCell[] => report.results.filter((cell) => cell.mode === mode);
  const kernel = report.modes.map((mode, index) => ({
    label: `AF_ALG ${mode}`,
    colour: palette[index % palette.length]!,
    dash: undefined,
    points: byMode(mode).map((cell) => ({ size: cell.size, value: cell.afAlg.megabytesPerSecond })),
  }));
  // node:crypto does the same work for every mode of a kind; one line per kind is enough.
  const references: Series[] = [];
  const fresh = report.modes.find((mode) => mode === 'oneshot' || mode === 'inline-iv');
  const chained = report.modes.find((mode) => !(mode === 'oneshot' || mode === 'inline-iv'));
  for (const [mode, label] of [
    [fresh, 'node:crypto, IV per request'],
    [chained, 'node:crypto, chained IV'],
  ] as const) {
    if (mode === undefined) continue;
    const style = referenceStyles[references.length]!;
    references.push({
      label,
      colour: style.colour,
      dash: style.dash,
      points: byMode(mode).map((cell) => ({ size: cell.size, value: cell.inProcess.megabytesPerSecond })),
    });
  }
  return [...kernel, ...references].map((line) => ({ ...line, points: line.points.filter((point) => usable(point.value)) }));
}

/** Tick values for a log axis from `low` to `high` (both > 0): 1-2-5 steps when the range is short. */
export function logTicks(low: number, high: number): number[] {
  const first = Math.floor(Math.log10(low));
  const last = Math.ceil(Math.log10(high));
  const steps = last - first <= 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let exponent = first; exponent <= last; exponent++) {
    for (const step of steps) {
      const value = step * 10 ** exponent;
      if (value >= low * 0.999 && value <= high * 1.001) ticks.push(Number(value.toPrecision(6)));
    }
  }
  return ticks;
}

function tickLabel(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

export function renderChart(report: BenchReport): string {
  const lines = series(report);
  const values = lines.flatMap((line) => line.points.map((point) => point.value));
  const low = values.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 1;
  const high = values.length > 0 ? 10 ** Math.ceil(Math.log10(Math.max(...values))) : 10;
  const top = high > low ? high : low * 10;
  const sizes = [...report.sizes].sort((a, b) => a - b);
  const minSize = sizes[0] ?? 1;
  const maxSize = sizes[sizes.length - 1] ?? 1;
  const x = (size: number): number =>
    maxSize === minSize
      ? margin.left + plotWidth / 2
      : margin.left + inset + (Math.log2(size / minSize) / Math.log2(maxSize / minSize)) * (plotWidth - 2 * inset);
  const y = (value: number): number => margin.top + plotHeight - (Math.log10(value / low) / Math.log10(top / low)) * plotHeight;
  const fixed = (value: number): string => value.toFixed(1);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${font}>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  const date = report.date.slice(0, 10);
  out.push(
    `<text class="title" x="${margin.left}" y="32" font-size="20" font-weight="bold">${escapeXml(`${report.algorithm} throughput by request size: AF_ALG modes and node:crypto`)}</text>`,
  );
  out.push(
    `<text class="subtitle" x="${margin.left}" y="56" font-size="14" fill="#333">${escapeXml(
      `driver ${report.driver}, ${report.keyBytes * 8}-bit key · kernel ${report.kernel} · ${report.cpus} CPUs · ${date} · median of ${report.repetitions} repetitions`,
    )}</text>`,
  );
  // Grid, ticks and axes.
  out.push('<g class="y-axis" font-size="13" fill="#222">');
  for (const tick of logTicks(low, top)) {
    const position = fixed(y(tick));
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${position}" y2="${position}" stroke="#dddddd"/>`);
    out.push(`<text x="${margin.left - 8}" y="${position}" text-anchor="end" dominant-baseline="middle">${tickLabel(tick)}</text>`);
  }
  out.push('</g>');
  out.push('<g class="x-axis" font-size="13" fill="#222">');
  for (const size of sizes) {
    const position = fixed(x(size));
    out.push(`<line x1="${position}" x2="${position}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#eeeeee"/>`);
    out.push(`<text x="${position}" y="${margin.top + plotHeight + 20}" text-anchor="middle">${escapeXml(sizeLabel(size))}</text>`);
  }
  out.push('</g>');
  out.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#222" stroke-width="1"/>`,
  );
  out.push(
    `<text class="x-label" x="${margin.left + plotWidth / 2}" y="${height - 24}" font-size="15" text-anchor="middle">request size (bytes, log scale)</text>`,
  );
  out.push(
    `<text class="y-label" transform="translate(28 ${margin.top + plotHeight / 2}) rotate(-90)" font-size="15" text-anchor="middle">throughput (MB/s = 10⁶ bytes/s, log scale)</text>`,
  );
  // Lines.
  for (const line of lines) {
    const points = line.points.map((point) => `${fixed(x(point.size))},${fixed(y(point.value))}`);
    out.push(`<g class="series" data-label="${escapeXml(line.label)}">`);
    if (points.length > 1) {
      out.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="${line.colour}" stroke-width="${line.dash ? 2 : 2.5}"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
      );
    }
    for (const point of points) {
      const [cx, cy] = point.split(',');
      out.push(
        line.dash
          ? `<rect x="${Number(cx) - 3}" y="${Number(cy) - 3}" width="6" height="6" fill="${line.colour}"/>`
          : `<circle cx="${cx}" cy="${cy}" r="4" fill="${line.colour}"/>`,
      );
    }
    out.push('</g>');
  }
  // Legend.
  const legendX = margin.left + plotWidth + 24;
  out.push(`<g class="legend" font-size="14" fill="#222">`);
  out.push(`<text x="${legendX}" y="${margin.top + 4}" font-weight="bold">mode</text>`);
  lines.forEach((line, index) => {
    const rowY = margin.top + 30 + index * 26;
    out.push(
      `<line x1="${legendX}" x2="${legendX + 34}" y1="${rowY}" y2="${rowY}" stroke="${line.colour}" stroke-width="2.5"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
    );
    out.push(`<text class="legend-entry" x="${legendX + 44}" y="${rowY}" dominant-baseline="middle">${escapeXml(line.label)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
