/**
 * Issue 10, item 2 for AEADs through the command line: each AEAD the matrix covers at a
 * page, a page and a half, and above the 64 KiB piece, through the -x 2 and -x 10 variants
 * (one-shot, -v, -m, -s, -d, -g), encrypting and decrypting, in one `--batch` process; every
 * result line is compared with node:crypto (src/software aeadRequest). A line the kernel cannot
 * compute must fail with one stderr line, never print a wrong result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { aeadRequest, authencKey } from '../../src/software/index.js';
import { requireAfAlg } from '../helpers/kernel.js';
import { seededBytes } from './matrix-algorithms.js';

beforeAll(requireAfAlg);

const CLI = join(import.meta.dirname, '../../bin/kcapi.js');
const directory = mkdtempSync(join(tmpdir(), 'kcapi-matrix-aead-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface CliAead {
  readonly name: string;
  readonly key: Buffer;
  readonly iv: Buffer;
  readonly assocLength: number;
  readonly tagLength: number;
}

const bytes = (length: number, label: string) => seededBytes(length, `cli aead ${label}`);
const AEADS: CliAead[] = [
  { name: 'gcm(aes)', key: bytes(32, 'gcm key'), iv: bytes(12, 'gcm iv'), assocLength: 13, tagLength: 16 },
  {
    name: 'ccm(aes)',
    key: bytes(16, 'ccm key'),
    iv: Buffer.concat([Buffer.from([3]), bytes(15, 'ccm iv')]),
    assocLength: 13,
    tagLength: 8,
  },
  // The AAD ends with the 8-byte IV copy (RFC 4106 section 5).
  { name: 'rfc4106(gcm(aes))', key: bytes(20, 'rfc4106 key'), iv: bytes(8, 'rfc4106 iv'), assocLength: 16, tagLength: 16 },
  { name: 'rfc7539(chacha20,poly1305)', key: bytes(32, 'chacha key'), iv: bytes(12, 'chacha iv'), assocLength: 13, tagLength: 16 },
  {
    name: 'authenc(hmac(sha256),cbc(aes))',
    key: authencKey(bytes(32, 'authenc mac key'), bytes(16, 'authenc key')),
    iv: bytes(16, 'authenc iv'),
    assocLength: 13,
    tagLength: 32,
  },
];
/** A page, a page and a half, and above the 64 KiB piece: each a multiple of 16 (authenc is CBC). */
const SIZES = [4096, 6144, 70000 - (70000 % 16)];
/** Extra options and the shape of stdout: lines, and results per line. */
const VARIANTS: { options: string; lines: number; perLine: number }[] = [
  { options: '-x 2', lines: 1, perLine: 1 },
  { options: '-x 2 -v', lines: 1, perLine: 1 },
  { options: '-x 2 -m', lines: 1, perLine: 1 },
  { options: '-x 2 -s', lines: 1, perLine: 1 },
  { options: '-x 2 -d 2', lines: 2, perLine: 1 },
  { options: '-x 10', lines: 1, perLine: 1 },
  { options: '-x 10 -g', lines: 1, perLine: 1 },
  { options: '-x 10 -d 2', lines: 1, perLine: 2 },
  { options: '-x 10 -g -d 2', lines: 1, perLine: 2 },
];

function software(aead: CliAead, direction: 'encrypt' | 'decrypt', assoc: Buffer, body: Buffer): Buffer {
  const outcome = aeadRequest(
    aead.name,
    direction,
    { key: aead.key, tagLength: aead.tagLength, assocLength: assoc.length },
    aead.iv,
    Buffer.concat([assoc, body]),
  );
  if (!('output' in outcome)) throw new Error(`${aead.name}: the software reference fails (${outcome.error})`);
  return outcome.output.subarray(assoc.length);
}

describe('AEAD matrix through the command line', () => {
  it(`${AEADS.length} AEADs × ${SIZES.length} sizes × ${VARIANTS.length} variants × 2 directions in one batch match node:crypto`, () => {
    const lines: string[] = [];
    const expected: { context: string; hex: string }[] = [];
    for (const aead of AEADS) {
      const assoc = bytes(aead.assocLength, `${aead.name} assoc`);
      if (aead.name.startsWith('rfc4106')) aead.iv.copy(assoc, aead.assocLength - 8);
      for (const size of SIZES) {
        const plaintext = bytes(size, `${aead.name} ${size}`);
        const sealed = software(aead, 'encrypt', assoc, plaintext);
        const ciphertext = sealed.subarray(0, size);
        const tag = sealed.subarray(size);
        const stem = join(directory, `${aead.name.replace(/[^a-z0-9]/g, '_')}-${size}`);
        writeFileSync(`${stem}.plain`, plaintext);
        writeFileSync(`${stem}.cipher`, ciphertext);
        expect(software(aead, 'decrypt', assoc, sealed).equals(plaintext), `${aead.name}: software round trip`).toBe(true);
        const common = `-c '${aead.name}' -k ${aead.key.toString('hex')} -i ${aead.iv.toString('hex')} -a ${assoc.toString('hex')}`;
        for (const variant of VARIANTS) {
          const context = `${aead.name} ${size} ${variant.options}`;
          lines.push(`kcapi ${variant.options} -e ${common} -l ${aead.tagLength} -p @${stem}.plain`);
          for (let line = 0; line < variant.lines; line++)
            expected.push({ context: `${context} encrypt`, hex: sealed.toString('hex').repeat(variant.perLine) });
          lines.push(`kcapi ${variant.options} ${common} -t ${tag.toString('hex')} -q @${stem}.cipher`);
          for (let line = 0; line < variant.lines; line++)
            expected.push({ context: `${context} decrypt`, hex: plaintext.toString('hex').repeat(variant.perLine) });
        }
      }
    }
    const batch = join(directory, 'batch.txt');
    writeFileSync(batch, lines.join('\n') + '\n');
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, '--batch', batch], { encoding: 'utf8', maxBuffer: 1 << 28 });
    console.log(`CLI AEAD matrix: ${lines.length} invocations in one batch, ${Date.now() - started} ms`);
    expect(result.stderr, 'no line failed').toBe('');
    expect(result.status).toBe(0);
    const got = result.stdout.split('\n').slice(0, -1);
    expect(got.length).toBe(expected.length);
    expected.forEach(({ context, hex }, index) => {
      expect(got[index] === hex, `${context}: WRONG output`).toBe(true);
    });
  }, 600_000);
});
