/**
 * `kcapi vectors --software` as a command (no kernel needed, runs on the host): formats,
 * exit statuses, notes on stderr. The kernel run is test/cli/toolkit-vectors.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireCavpRoot } from '../helpers/cavp-dir.js';
import { spawnKcapi } from '../cli/helpers.js';

const root = requireCavpRoot();
let good: string;
let bad: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'kcapi-vectors-cli-'));
  const record = (count: number, ciphertext: string) =>
    [
      `COUNT = ${count}`,
      'KEY = 00000000000000000000000000000000',
      'PLAINTEXT = f34481ec3cc627bacd5dc3fb08f273e6',
      `CIPHERTEXT = ${ciphertext}`,
      '',
    ].join('\n');
  good = join(dir, 'good', 'ECBGFSbox128.rsp');
  bad = join(dir, 'bad', 'ECBGFSbox128.rsp');
  for (const [path, body] of [
    [good, `[ENCRYPT]\n${record(0, '0336763e966d92595a567cc9ce537f5e')}`],
    [bad, `[ENCRYPT]\n${record(0, '0336763e966d92595a567cc9ce537f5e')}\n${record(1, '0336763e966d92595a567cc9ce537f5f')}`],
  ] as const) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }
});

describe('kcapi vectors (node:crypto)', () => {
  it('exits 0 when every vector passes, with a summary', () => {
    const run = spawnKcapi(['vectors', '--software', good]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^PASS ECBGFSbox128\.rsp:2 COUNT=0 ecb\(aes\) encrypt\n/);
    expect(run.stdout).toMatch(/\n1 vector: 1 passed, 0 failed, 0 skipped in \d+\.\d\d s\n$/);
    expect(run.stderr).toBe('');
  });

  it('exits 1 on a wrong answer; JSON shows expected and actual', () => {
    const run = spawnKcapi(['vectors', '--software', '--json', bad]);
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.schema).toBe('kcapi-vectors/1');
    expect(doc.summary).toMatchObject({ total: 2, passed: 1, failed: 1, skipped: 0, malformed: 0 });
    expect(doc.results[1]).toMatchObject({
      status: 'fail',
      expected: '0336763e966d92595a567cc9ce537f5f',
      actual: '0336763e966d92595a567cc9ce537f5e',
    });
  });

  it('TAP and JUnit on stdout, notes on stderr; directories are searched', () => {
    const tap = spawnKcapi(['vectors', '--software', '--format', 'tap', join(root, 'hashes/SHA1')]);
    expect(tap.status).toBe(0);
    expect(tap.stdout.startsWith('TAP version 13\n')).toBe(true);
    expect(tap.stdout).toMatch(/\n1\.\.129\n# 129 vectors: 129 passed, 0 failed, 0 skipped\n$/);
    expect(tap.stderr).toBe(
      'kcapi: vectors: note: left out 1 Monte Carlo file found in directories (1000 chained digests per vector); name them or add --monte to run them\n',
    );
    const junit = spawnKcapi(['vectors', '--software', '--format=junit', good, bad]);
    expect(junit.status).toBe(1);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="kcapi vectors \(node:crypto, [^)]*\)" tests="3" failures="1" errors="0" skipped="0"/,
    );
  });

  it('usage errors exit 2 with one line on stderr', () => {
    for (const args of [
      [],
      ['--format', 'xml', good],
      ['--json', '--format', 'tap', good],
      ['--frobnicate', good],
      [join(root, 'no/such/file.rsp')],
      ['--grep', '(', good],
    ]) {
      const run = spawnKcapi(['vectors', '--software', ...args]);
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });

  it('--help prints the usage', () => {
    const run = spawnKcapi(['vectors', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: kcapi vectors \[options\] PATH\.\.\./);
  });
});
