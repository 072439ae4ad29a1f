/**
 * `kcapi --batch`: one process runs many invocations with stdout byte for byte what the
 * separate processes print. Run on a real kernel (the guest); without AF_ALG (outside CI)
 * the equivalence checks still hold, over the "no AF_ALG" answers.
 */
import { createHash } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompatible } from '../../src/cli/compatible.js';
import { parseBatch } from '../../src/cli/batch.js';
import { CollectingOutput } from '../../src/ops/output.js';
import { expectKernelRun, hex, kernelHasAfAlg, lines, requireKernelInCi, spawnKcapi } from './helpers.js';

const folder = mkdtempSync(join(tmpdir(), 'kcapi-batch-'));
let files = 0;
function batchFile(text: string): string {
  const path = join(folder, `batch-${++files}.txt`);
  writeFileSync(path, text);
  return path;
}

/** The lines of a batch text run one by one as separate processes: concatenated stdout, statuses. */
function separately(text: string): { stdout: string; statuses: number[] } {
  const runs = parseBatch(text, 'test').map(({ argv }) => spawnKcapi(argv));
  return { stdout: runs.map((run) => run.stdout).join(''), statuses: runs.map((run) => run.status) };
}

const key = hex(randomBytes(16));
const iv = hex(randomBytes(16));
const plaintext = hex(randomBytes(48));
/** A mix of successes and failures of each kind (operation, usage, missing algorithm). */
const mixed = [
  '# successes, failures and quoting',
  `kcapi -x 3 -c sha256 -p ${hex(randomBytes(20))}`,
  `-x 1 -e -c "cbc(aes)" -k ${key} -i ${iv} -p ${plaintext} -d 2`,
  `-x 1 -e -c 'cbc(aes)' -k 0011223344 -i ${iv} -p ${plaintext}`,
  `-x 3 -c sha256 -p zz`,
  `-x 3 -c "hmac(sha256)" -k ${key} -p '' -b 16`,
  `-x 2 -e -c "gcm(aes)" -i ${hex(randomBytes(12))} -k ${key} -a ${hex(randomBytes(8))} -p ${hex(randomBytes(4))} -l 16`,
  `-x 3 -c no-such-hash -p 00`,
  `-x 9 -e -c "cbc(aes)" -k ${key} -i ${iv} -p ${plaintext} -d 3`,
  '',
].join('\n');

describe('kcapi --batch', () => {
  it('prints the digests of two hash lines', () => {
    requireKernelInCi();
    const first = randomBytes(33);
    const second = randomBytes(64);
    const file = batchFile(`kcapi -x 3 -c sha256 -p ${hex(first)}\n-x 3 -c sha512 -p ${hex(second)}\n`);
    const run = spawnKcapi(['--batch', file]);
    if (kernelHasAfAlg) {
      expectKernelRun(run, lines(createHash('sha256').update(first).digest('hex'), createHash('sha512').update(second).digest('hex')));
    } else {
      expect(run.status).toBe(1);
    }
  });

  it('prints byte for byte what the lines print as separate processes, exit 1 when one failed', () => {
    requireKernelInCi();
    const file = batchFile(mixed);
    const batch = spawnKcapi(['--batch', file]);
    const alone = separately(mixed);
    expect(batch.stdout).toBe(alone.stdout);
    expect(alone.statuses.some((status) => status !== 0)).toBe(true);
    expect(batch.status).toBe(1);
    if (kernelHasAfAlg) {
      expect(alone.statuses).toEqual([0, 0, 1, 2, 0, 0, 3, 0]);
      expect(batch.stderr).toMatch(
        new RegExp(`3 of 8 lines failed: ${file}:4 \\(status 1\\), ${file}:5 \\(status 2\\), ${file}:8 \\(status 3\\)`),
      );
    }
  }, 600_000); // nine node starts: slow under TCG

  it('stops at the first failing line with --fail-fast', () => {
    requireKernelInCi();
    const message = randomBytes(10);
    const text = `-x 3 -c sha256 -p ${hex(message)}\n-x 3 -c sha256 -p zz\n-x 3 -c sha1 -p ${hex(message)}\n`;
    const file = batchFile(text);
    const goOn = spawnKcapi(['--batch', file]);
    const stop = spawnKcapi(['--batch', file, '--fail-fast']);
    expect(goOn.status).toBe(1);
    expect(stop.status).toBe(1);
    const digest = createHash('sha256').update(message).digest('hex');
    if (kernelHasAfAlg) {
      expect(goOn.stdout).toBe(lines(digest, createHash('sha1').update(message).digest('hex')));
      expect(stop.stdout).toBe(lines(digest));
      expect(stop.stderr).toMatch(/--fail-fast stopped after 2 of 3/);
    }
  });

  it('names file:line of a quoting error and exits 2 without running anything', () => {
    const file = batchFile(`-x 3 -c sha256 -p 00\n\n-x 3 -c "sha256 -p 00\n`);
    const run = spawnKcapi(['--batch', file]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toContain(`${file}:3: unterminated double quote`);
  });

  it('refuses an unquoted pipe with file:line and exit 2, before running any line', () => {
    const file = batchFile(`-x 3 -c sha256 -p 00\n-x 3 -c sha256 -p 00 | head -c 4\n`);
    const run = spawnKcapi(['--batch', file]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toMatch(new RegExp(`^kcapi: --batch: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: unquoted "\\|"`));
  });

  it('reads the lines from standard input with --batch -', () => {
    requireKernelInCi();
    const message = randomBytes(16);
    const run = spawnKcapi(['--batch', '-'], { input: Buffer.from(`kcapi -x 3 -c sha384 -p ${hex(message)}\n`) });
    expect(run.stdout).toBe(spawnKcapi(['-x', '3', '-c', 'sha384', '-p', hex(message)]).stdout);
    if (kernelHasAfAlg) expectKernelRun(run, lines(createHash('sha384').update(message).digest('hex')));
    else expect(run.status).toBe(1);
  });

  it('refuses --vm and --batch on a line (usage error for that line only)', () => {
    const message = randomBytes(4);
    const file = batchFile(`-x 3 --vm -c sha256 -p 00\n--batch other.txt\n-x 3 -c sha256 -p ${hex(message)}\n`);
    const run = spawnKcapi(['--batch', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--vm cannot be used on a --batch line/);
    expect(run.stderr).toMatch(/--batch cannot be used on a --batch line/);
    if (kernelHasAfAlg) expect(run.stdout).toBe(lines(createHash('sha256').update(message).digest('hex')));
  });

  it('leaves no descriptor open after a line, whatever it did', async () => {
    requireKernelInCi();
    const openDescriptors = () => readdirSync('/proc/self/fd').length;
    const invocations = parseBatch(mixed, 'mixed');
    for (const { argv } of invocations) await runCompatible(argv, new CollectingOutput()); // modules loaded
    const before = openDescriptors();
    for (let round = 0; round < 3; round++) {
      for (const { argv } of invocations) await runCompatible(argv, new CollectingOutput());
    }
    expect(openDescriptors()).toBe(before);
  });
});
