import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelHasAfAlg, requireKernelInCi, spawnKcapi } from './helpers.js';

const args = [
  'bench',
  '-c',
  'cbc(aes)',
  '--duration',
  '0.2',
  '--repetitions',
  '2',
  '--sizes',
  '16,512',
  '--modes',
  'oneshot,chained,fanout:2',
];

describe('kcapi bench (issue 7)', () => {
  it('measures every mode and size after checking them against node:crypto', () => {
    requireKernelInCi();
    const folder = mkdtempSync(join(tmpdir(), 'kcapi-bench-'));
    try {
      const chart = join(folder, 'bench.svg');
      const run = spawnKcapi([...args, '--json', '--chart', chart]);
      if (!kernelHasAfAlg) {
        expect(run.status).toBe(3);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^kcapi: this kernel has no AF_ALG support .*\n$/);
        return;
      }
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({
        schema: 'kcapi-bench/1',
        algorithm: 'cbc(aes)',
        kernel: release(),
        keyBytes: 32,
        ivBytes: 16,
        inProcessCipher: 'aes-256-cbc',
        sizes: [16, 512],
        modes: ['oneshot', 'chained', 'fanout:2'],
        repetitions: 2,
      });
      expect(report.driver).toMatch(/aes/);
      expect(report.results.map((cell: { mode: string; size: number }) => `${cell.mode}/${cell.size}`)).toEqual([
        'oneshot/16',
        'oneshot/512',
        'chained/16',
        'chained/512',
        'fanout:2/16',
        'fanout:2/512',
      ]);
      for (const cell of report.results) {
        // Two requests per socket were compared byte for byte with node:crypto before timing.
        expect(cell.checkedRequests).toBe(2 * cell.handles);
        for (const side of [cell.afAlg, cell.inProcess]) {
          expect(side.opsPerSecond).toBeGreaterThan(0);
          expect(side.megabytesPerSecond).toBeCloseTo((side.opsPerSecond * cell.size) / 1e6, 6);
          expect(side.repetitionOpsPerSecond).toHaveLength(2);
          expect(side.latencyMicroseconds.p99).toBeGreaterThanOrEqual(side.latencyMicroseconds.p50);
          expect(side.requests).toBeGreaterThan(0);
        }
        expect(cell.ratio).toBeCloseTo(cell.afAlg.megabytesPerSecond / cell.inProcess.megabytesPerSecond, 6);
      }
      const svg = readFileSync(chart, 'utf8');
      expect(svg).toContain('AF_ALG chained');
      expect(svg).not.toMatch(/NaN|Infinity/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('prints the table without --json', () => {
    const run = spawnKcapi(['bench', '--duration', '0.05', '--repetitions', '1', '--sizes', '16', '--modes', 'stream,inline-iv']);
    if (!kernelHasAfAlg) {
      expect(run.status).toBe(3);
      return;
    }
    expect(run.status).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => /^(stream|inline-iv)\s/.test(line));
    expect(rows).toHaveLength(2);
    expect(run.stdout).toMatch(/^mode\s+size\s+AF_ALG ops\/s/m);
  });

  it('explains itself and rejects bad options with status 2', () => {
    const help = spawnKcapi(['bench', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kcapi bench /);
    const bad = spawnKcapi(['bench', '--modes', 'warp']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^kcapi: bench: unknown mode "warp"/);
  });

  it('says so when the kernel has no such cipher', () => {
    const run = spawnKcapi(['bench', '-c', 'nosuch(aes)', '--duration', '0.05']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
  });
});
