/**
 * The parsed CAVP cases checked against node:crypto: validates the parser (field mapping,
 * directions, IV construction, truncation, Monte and KDF compositions) independently of
 * any kernel.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseVectorFile } from '../../src/verify/cavp.js';
import type { VectorCase } from '../../src/verify/cases.js';
import { evaluateCase } from '../../src/verify/evaluate.js';
import { SoftwareBackend } from '../../src/verify/software-backend.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';

const root = requireCavpRoot();
const reference = new SoftwareBackend();

function allFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? allFiles(path) : [path];
  });
}

const files = allFiles(root)
  .filter((path) => detectFormat(path)?.inDirectoryScan)
  .sort();

/** Why a file's cases may be skipped by node:crypto: only formats AF_ALG cannot run either. */
const unrunnableReasons =
  /^(the kernel has no (CFB with \d-bit segments|interleaved|pipelined)|the Linux crypto API has no SHA512\/2(24|56)|extendable-output|data unit of \d+ bits)/;

describe('CAVP answers agree with node:crypto', () => {
  it.each(files.map((path) => [relative(root, path), path]))(
    '%s',
    async (_, path) => {
      const { cases } = await parseVectorFile(path);
      const failures: string[] = [];
      const skipReasons = new Set<string>();
      let passed = 0;
      for (const vectorCase of cases) {
        const outcome = await evaluateCase(vectorCase, reference);
        if (outcome.status === 'pass') passed++;
        else if (outcome.status === 'skip') skipReasons.add(outcome.reason);
        else failures.push(`${vectorCase.id}: ${outcome.reason}`);
      }
      expect(failures.slice(0, 5)).toEqual([]);
      for (const reason of skipReasons) expect(reason).toMatch(unrunnableReasons);
      expect(passed + [...skipReasons].length).toBeGreaterThan(0);
    },
    120_000,
  );
});

describe('the comparison itself', () => {
  const base = {
    id: 'x:1',
    file: 'x',
    line: 1,
    kind: 'skcipher',
    algorithm: 'ecb(aes)',
    direction: 'encrypt',
    key: Buffer.alloc(16),
    iv: Buffer.alloc(0),
    input: Buffer.alloc(16),
    // FIPS-197 / ECBVarTxt128 COUNT=0 style: AES-128 of zeros under the zero key.
    expected: Buffer.from('66e94bd4ef8a2c3b884cfa59ca342b2e', 'hex'),
  } satisfies VectorCase;

  it('passes the right answer and fails a changed one, naming the first differing byte', async () => {
    expect(await evaluateCase(base, reference)).toEqual({ status: 'pass' });
    const wrong = Buffer.from(base.expected);
    wrong[5]! ^= 1;
    expect(await evaluateCase({ ...base, expected: wrong }, reference)).toEqual({
      status: 'fail',
      reason: 'output differs from byte 5',
      expected: wrong.toString('hex'),
      actual: base.expected.toString('hex'),
    });
  });

  it('an AEAD decryption that must fail passes only when the tag is rejected', async () => {
    const key = Buffer.alloc(16, 1);
    const iv = Buffer.alloc(12, 2);
    const sealed = reference.aead({
      algorithm: 'gcm(aes)',
      encrypt: true,
      key,
      iv,
      nonce: iv,
      aad: Buffer.alloc(0),
      tagLength: 16,
      input: Buffer.from('hello'),
    }) as Buffer;
    const aead = {
      id: 'g:1',
      file: 'g',
      line: 1,
      kind: 'aead',
      algorithm: 'gcm(aes)',
      direction: 'decrypt',
      key,
      iv,
      nonce: iv,
      aad: Buffer.alloc(0),
      tagLength: 16,
      ciphertext: sealed.subarray(0, 5),
      tag: sealed.subarray(5),
    } as const;
    expect(await evaluateCase({ ...aead, plaintext: Buffer.from('hello'), expectAuthFailure: false }, reference)).toEqual({
      status: 'pass',
    });
    expect(await evaluateCase({ ...aead, plaintext: null, expectAuthFailure: true }, reference)).toMatchObject({
      status: 'fail',
      reason: 'tag accepted but the file expects it to be rejected',
    });
  });
});
