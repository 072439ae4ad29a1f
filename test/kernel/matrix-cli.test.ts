/**
 * Issue 10, item 2 through the command line: a sample of skciphers at sizes around the page,
 * the 64 KiB piece and the socket buffers, through every -x 1 / -x 9 variant, in one `--batch`
 * process (a spawn costs seconds under emulation); each result line is compared with
 * node:crypto, or with one kernel request through the library where node:crypto lacks the
 * algorithm. Then the refusals, each spawned on its own: one stderr line, exit status 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Skcipher } from '../../src/kernel/index.js';
import { allocationLimit } from '../../src/kernel/request-capacity.js';
import { NoSoftwareReference, skcipher } from '../../src/software/index.js';
import { requireAfAlg } from '../helpers/kernel.js';
import { seededBytes } from './matrix-algorithms.js';

beforeAll(requireAfAlg);

const CLI = join(import.meta.dirname, '../../bin/kcapi.js');
const directory = mkdtempSync(join(tmpdir(), 'kcapi-matrix-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const CIPHERS = [
  { name: 'cbc(aes)', key: 32, iv: 16, chunk: 16 },
  { name: 'ctr(aes)', key: 16, iv: 16, chunk: 16 },
  { name: 'xts(aes)', key: 64, iv: 16, chunk: 16 },
  { name: 'cts(cbc(aes))', key: 32, iv: 16, chunk: 16 },
  { name: 'cbc(des3_ede)', key: 24, iv: 8, chunk: 8 },
  { name: 'chacha20', key: 32, iv: 16, chunk: 64 },
];
/** A page, above the 64 KiB piece (not a multiple of it), above the default socket buffers. */
const SIZES = [4096, 70000, 262144];
/** Each variant: extra options, and how many copies of the one-request result its stdout holds (lines × per line). */
const VARIANTS: { options: string; lines: number; perLine: number }[] = [
  { options: '-x 1', lines: 1, perLine: 1 },
  { options: '-x 1 -v', lines: 1, perLine: 1 },
  { options: '-x 1 -m', lines: 1, perLine: 1 },
  { options: '-x 1 -d 2', lines: 2, perLine: 1 },
  { options: '-x 1 -s', lines: 1, perLine: 1 },
  { options: '-x 9', lines: 1, perLine: 1 },
  { options: '-x 9 -g', lines: 1, perLine: 1 },
  { options: '-x 9 --mode inline-iv -d 2', lines: 1, perLine: 2 },
  { options: '-x 9 --handles 2 -d 2', lines: 1, perLine: 2 },
];

function expectedOf(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  try {
    return skcipher(name, 'encrypt', key, iv, data);
  } catch (error) {
    if (!(error instanceof NoSoftwareReference)) throw error;
    using library = Skcipher.open(name, key);
    return library.encrypt(data, iv);
  }
}

function run(args: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args.split(' ')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('skcipher matrix through the command line', () => {
  it(`${CIPHERS.length} algorithms × ${SIZES.length} sizes × ${VARIANTS.length} variants in one batch match the reference`, () => {
    const lines: string[] = [];
    const expected: { context: string; hex: string }[] = [];
    for (const cipher of CIPHERS) {
      const key = seededBytes(cipher.key, `cli ${cipher.name} key`);
      const iv = seededBytes(cipher.iv, `cli ${cipher.name} iv`);
      for (const size of SIZES) {
        const data = seededBytes(size, `cli ${cipher.name} ${size}`);
        const file = join(directory, `${cipher.name.replace(/[()]/g, '_')}-${size}.bin`);
        writeFileSync(file, data);
        const hex = expectedOf(cipher.name, key, iv, data).toString('hex');
        for (const variant of VARIANTS) {
          // -s announces more data: a length that is not whole chunks is refused (checked below).
          if (variant.options === '-x 1 -s' && size % cipher.chunk !== 0) continue;
          lines.push(`kcapi ${variant.options} -e -c '${cipher.name}' -k ${key.toString('hex')} -i ${iv.toString('hex')} -p @${file}`);
          for (let line = 0; line < variant.lines; line++)
            expected.push({ context: `${cipher.name} ${size} ${variant.options}`, hex: hex.repeat(variant.perLine) });
        }
      }
    }
    const batch = join(directory, 'batch.txt');
    writeFileSync(batch, lines.join('\n') + '\n');
    const started = Date.now();
    const result = run(`--batch ${batch}`);
    console.log(`CLI matrix: ${lines.length} invocations in one batch, ${Date.now() - started} ms`);
    expect(result.stderr, 'no line failed').toBe('');
    expect(result.status).toBe(0);
    const got = result.stdout.split('\n').slice(0, -1);
    expect(got.length).toBe(expected.length);
    expected.forEach(({ context, hex }, index) => {
      expect(got[index] === hex, `${context}: WRONG output`).toBe(true);
    });
  }, 600_000);

  it('refuses what it cannot compute: one stderr line, exit status 1', () => {
    const key = seededBytes(64, 'cli refusal key').toString('hex');
    const iv = seededBytes(16, 'cli refusal iv').toString('hex');
    const large = join(directory, 'large.bin');
    writeFileSync(large, seededBytes(allocationLimit() + 16, 'cli refusal data'));
    const small = join(directory, 'small.bin');
    writeFileSync(small, seededBytes(4096, 'cli refusal small'));
    for (const args of [
      `-x 1 -e -c xts(aes) -k ${key} -i ${iv} -p @${large}`,
      `-x 1 -v -e -c xts(aes) -k ${key} -i ${iv} -p @${large}`,
      `-x 1 -s -d 2 -e -c xts(aes) -k ${key} -i ${iv} -p @${small}`,
      `-x 9 -e -c xts(aes) -k ${key} -i ${iv} -p @${large}`,
      `-x 9 -g -d 2 -e -c chacha20 -k ${key.slice(0, 64)} -i ${iv} -p @${large}`,
      `-x 1 -s -e -c chacha20 -k ${key.slice(0, 64)} -i ${iv} -p @${join(directory, 'chacha20-70000.bin')}`,
    ]) {
      const result = run(args);
      expect(result.status, args).toBe(1);
      expect(result.stderr.trimEnd().split('\n'), `${args}: ${result.stderr}`).toHaveLength(1);
      expect(result.stdout, args).not.toMatch(/[0-9a-f]{64}/);
    }
  }, 300_000);
});
