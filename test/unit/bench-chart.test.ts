import { describe, expect, it } from 'vitest';
import { logTicks, renderChart } from '../../src/bench/chart.js';
import { formatTable } from '../../src/bench/format.js';
import type { Measurement } from '../../src/bench/measure.js';
import type { BenchReport } from '../../src/bench/run.js';

function measurement(megabytesPerSecond: number, size: number): Measurement {
  const opsPerSecond = (megabytesPerSecond * 1e6) / size;
  return {
    opsPerSecond,
    megabytesPerSecond,
    latencyMicroseconds: { p50: 1e6 / opsPerSecond, p99: 2e6 / opsPerSecond },
    spread: 0.1,
    repetitionOpsPerSecond: [opsPerSecond],
    requests: 100,
  };
}

const sizes = [16, 512, 8192, 65536];
const modes = ['oneshot', 'chained', 'fanout:2'];
const report: BenchReport = {
  schema: 'kcapi-bench/1',
  algorithm: 'cbc(aes)',
  driver: 'cbc-aes-aesni',
  kernel: '6.1.0-56-amd64',
  node: 'v20.20.2',
  cpus: 2,
  date: '2026-11-24T07:00:00.000Z',
  keyBytes: 32,
  ivBytes: 16,
  inProcessCipher: 'aes-256-cbc',
  durationSeconds: 1,
  repetitions: 5,
  sizes,
  modes,
  results: modes.flatMap((mode, index) =>
    sizes.map((size) => ({
      mode,
      handles: 1,
      size,
      checkedRequests: 2,
      // One measurement of zero throughput: it must be left out, not drawn at -Infinity.
      afAlg: measurement(mode === 'oneshot' && size === 16 ? 0 : (size / 100) * (index + 1), size),
      inProcess: measurement(size / 10, size),
      ratio: (index + 1) / 10,
    })),
  ),
};

describe('bench chart', () => {
  const svg = renderChart(report);

  it('is one SVG document without NaN or infinite coordinates', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('has a title naming algorithm, kernel and date, and labelled axes with units', () => {
    expect(svg).toMatch(/class="title"[^>]*>cbc\(aes\) throughput/);
    expect(svg).toMatch(/class="subtitle"[^>]*>[^<]*cbc-aes-aesni[^<]*6\.1\.0-56-amd64[^<]*2026-11-24/);
    expect(svg).toMatch(/class="x-label"[^>]*>request size \(bytes/);
    expect(svg).toMatch(/class="y-label"[^>]*>throughput \(MB\/s/);
    for (const label of ['16 B', '512 B', '8 KiB', '64 KiB']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toMatch(/class="y-axis"[\s\S]*>1k<\/text>/);
  });

  it('has a legend entry and a line for every mode and for node:crypto', () => {
    const entries = [...svg.matchAll(/class="legend-entry"[^>]*>([^<]*)</g)].map((match) => match[1]);
    expect(entries).toEqual([
      'AF_ALG oneshot',
      'AF_ALG chained',
      'AF_ALG fanout:2',
      'node:crypto, IV per request',
      'node:crypto, chained IV',
    ]);
    expect(svg.match(/<polyline /g)).toHaveLength(5);
    // oneshot lost its zero point: 3 points, the others 4 each.
    const oneshot = /data-label="AF_ALG oneshot">\s*<polyline points="([^"]*)"/.exec(svg)?.[1] ?? '';
    expect(oneshot.split(' ')).toHaveLength(3);
  });

  it('spaces log ticks by decades, or 1-2-5 over a short range', () => {
    expect(logTicks(0.01, 1000)).toEqual([0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it('prints one table row per mode and size', () => {
    const table = formatTable(report);
    expect(table).toHaveLength(1 + modes.length * sizes.length);
    expect(table[0]).toMatch(
      /^mode\s+size\s+AF_ALG ops\/s\s+MB\/s\s+p50 µs\s+p99 µs\s+spread\s+node:crypto MB\/s\s+spread\s+AF_ALG\/node$/,
    );
    expect(table[1]).toMatch(/^oneshot\s+16 B\s/);
  });
});
