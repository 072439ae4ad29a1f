/**
 * Report formats of `kcapi vectors` over a small run through node:crypto: two files
 * written here (one with a wrong answer, one malformed line, one unknown section) and one
 * real CAVP file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SoftwareBackend } from '../../src/verify/software-backend.js';
import { jsonReporter, vectorsJsonSchema } from '../../src/verify/report/json.js';
import { junitReporter } from '../../src/verify/report/junit.js';
import type { Reporter } from '../../src/verify/report/reporter.js';
import { tapReporter } from '../../src/verify/report/tap.js';
import { textReporter } from '../../src/verify/report/text.js';
import { runVectorFiles } from '../../src/verify/runner.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';

const context = { backend: 'node:crypto', kernelRelease: 'test' };
let files: string[];

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'kcapi-reports-'));
  const ecb = join(dir, 'ECBGFSbox128.rsp');
  writeFileSync(
    ecb,
    [
      '[ENCRYPT]',
      'COUNT = 0',
      'KEY = 00000000000000000000000000000000',
      'PLAINTEXT = f34481ec3cc627bacd5dc3fb08f273e6',
      'CIPHERTEXT = 0336763e966d92595a567cc9ce537f5e',
      '',
      'COUNT = 1',
      'KEY = 00000000000000000000000000000000',
      'PLAINTEXT = f34481ec3cc627bacd5dc3fb08f273e6',
      'CIPHERTEXT = 0336763e966d92595a567cc9ce537f5f',
      '',
      'garbage <here> & "there"',
      '[MCT]',
      'COUNT = 0',
      'KEY = 00',
      'PLAINTEXT = 00',
      'CIPHERTEXT = 00',
    ].join('\n'),
  );
  const cfb8 = join(dir, 'CFB8GFSbox128.rsp');
  writeFileSync(cfb8, ['[ENCRYPT]', 'COUNT = 0', 'KEY = 00', 'IV = 00', 'PLAINTEXT = 00', 'CIPHERTEXT = 00'].join('\n'));
  files = [ecb, cfb8, join(requireCavpRoot(), 'hashes/SHA1/SHA1ShortMsg.rsp')];
});

async function render(make: (write: (t: string) => void) => Reporter): Promise<string> {
  let out = '';
  const reporter = make((t) => (out += t));
  const summary = await runVectorFiles(files, new SoftwareBackend(), reporter);
  reporter.finish(summary);
  return out;
}

describe('vectors reports', () => {
  it('JSON: documented schema, totals that add up, per-file notes and malformed lines', async () => {
    const doc = JSON.parse(await render((w) => jsonReporter(w, context)));
    expect(Object.keys(doc)).toEqual(['schema', 'backend', 'kernelRelease', 'summary', 'files', 'results']);
    expect(doc.schema).toBe(vectorsJsonSchema);
    expect(doc.summary).toEqual({ total: 68, passed: 66, failed: 1, skipped: 1, malformed: 1, durationMs: expect.any(Number) });
    expect(doc.files).toHaveLength(3);
    expect(Object.keys(doc.files[0])).toEqual([
      'file',
      'format',
      'vectors',
      'passed',
      'failed',
      'skipped',
      'malformed',
      'durationMs',
      'notes',
      'malformedLines',
    ]);
    expect(doc.files[0]).toMatchObject({
      format: 'AES-128 ECB GFSbox',
      vectors: 2,
      notes: [{ line: 14, message: 'skipped 1 record of section [MCT], unknown to AES-128 ECB GFSbox files' }],
      malformedLines: [{ line: 12, message: expect.stringContaining('garbage') }],
    });
    const [pass, fail, skip] = doc.results;
    expect(Object.keys(pass)).toEqual([
      'id',
      'file',
      'line',
      'kind',
      'algorithm',
      'direction',
      'status',
      'reason',
      'expected',
      'actual',
      'driver',
      'durationMs',
    ]);
    expect(pass).toMatchObject({ status: 'pass', kind: 'skcipher', algorithm: 'ecb(aes)', direction: 'encrypt', reason: null });
    expect(fail).toMatchObject({
      status: 'fail',
      reason: 'output differs from byte 15',
      expected: '0336763e966d92595a567cc9ce537f5f',
      actual: '0336763e966d92595a567cc9ce537f5e',
    });
    expect(skip).toMatchObject({ status: 'skip', reason: 'the kernel has no CFB with 8-bit segments', direction: null });
    expect(doc.results.slice(3).every((r: { status: string; algorithm: string }) => r.status === 'pass' && r.algorithm === 'sha1')).toBe(
      true,
    );
  });

  it('TAP 13: one test point per vector and malformed line, skips as directives, plan last', async () => {
    const tap = await render(tapReporter);
    const lines = tap.trimEnd().split('\n');
    expect(lines[0]).toBe('TAP version 13');
    expect(lines).toContain('ok 1 - ECBGFSbox128.rsp:2 COUNT=0 ecb(aes) encrypt');
    expect(lines).toContain('not ok 2 - ECBGFSbox128.rsp:7 COUNT=1 ecb(aes) encrypt');
    expect(lines).toContain('not ok 3 - ' + files[0] + ':12 malformed');
    expect(lines).toContain('ok 4 - CFB8GFSbox128.rsp:2 COUNT=0 AES-128 CFB8 GFSbox # SKIP the kernel has no CFB with 8-bit segments');
    expect(lines.at(-2)).toBe('1..69');
    expect(lines.filter((l) => /^(not )?ok \d+ /.test(l))).toHaveLength(69);
    expect(tap).toContain('  expected: "0336763e966d92595a567cc9ce537f5f"\n  actual: "0336763e966d92595a567cc9ce537f5e"');
  });

  it('JUnit: suites per file with counts, escaped text', async () => {
    const xml = await render((w) => junitReporter(w, context));
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kcapi vectors (node:crypto, test)" tests="69" failures="1" errors="1" skipped="1"',
      ),
    ).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml.match(/<testcase /g)).toHaveLength(69);
    expect(xml).toContain('<failure message="output differs from byte 15">expected 0336763e966d92595a567cc9ce537f5f');
    expect(xml).toContain('garbage &lt;here&gt; &amp; &quot;there&quot;');
    expect(xml).toContain('<skipped message="the kernel has no CFB with 8-bit segments"/>');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('text: PASS/FAIL/SKIP lines, expected and actual under a failure, a summary; --quiet drops passes', async () => {
    const text = await render((w) => textReporter(w));
    expect(text).toContain('PASS ECBGFSbox128.rsp:2 COUNT=0 ecb(aes) encrypt\n');
    expect(text).toContain(
      'FAIL ECBGFSbox128.rsp:7 COUNT=1 ecb(aes) encrypt: output differs from byte 15\n' +
        '       expected 0336763e966d92595a567cc9ce537f5f\n' +
        '       actual   0336763e966d92595a567cc9ce537f5e\n',
    );
    expect(text).toMatch(/\n68 vectors: 66 passed, 1 failed, 1 skipped, 1 malformed in \d+\.\d\d s\n$/);
    const quiet = await render((w) => textReporter(w, undefined, true));
    expect(quiet).not.toContain('PASS');
    expect(quiet).toContain('FAIL ECBGFSbox128.rsp:7');
  });
});
