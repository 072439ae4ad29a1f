/**
 * The kernel against published known answers for skciphers node:crypto has no name for
 * (test/helpers/published-skcipher-vectors.ts), through the CLI: -x 1 one-shot (encryption and
 * decryption) and -x 1 -s. The software models of the same modes are checked
 * against these vectors without a kernel (test/unit/software-composed-modes.test.ts); the
 * matrix tests then compare the kernel with those models at every size.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/helpers.js';
import { publishedSkcipherVectors } from '../helpers/published-skcipher-vectors.js';
import { requireAfAlg } from '../helpers/kernel.js';

describe('published skcipher vectors on the kernel', () => {
  for (const vector of publishedSkcipherVectors) {
    it(`${vector.algorithm}: ${vector.source}`, async () => {
      requireAfAlg();
      const common = ['-x', '1', '-c', vector.algorithm, '-k', vector.key, '-i', vector.iv];
      const encrypted = await runInProcess([...common, '-e', '-p', vector.plain]);
      expect(encrypted, 'encrypt').toMatchObject({ status: 0, stdout: `${vector.cipher}\n` });
      const decrypted = await runInProcess([...common, '-q', vector.cipher]);
      expect(decrypted, 'decrypt').toMatchObject({ status: 0, stdout: `${vector.plain}\n` });
      // -s announces more data while sending: a partial last block would leave the kernel
      // waiting for the rest (the reference hangs), which the man page lists as refused.
      const streamed = await runInProcess([...common, '-e', '-p', vector.plain, '-s']);
      const wholeBlocks = (vector.plain.length / 2) % 16 === 0 || vector.algorithm.startsWith('rfc3686');
      expect(streamed, 'encrypt -s').toMatchObject(
        wholeBlocks ? { status: 0, stdout: `${vector.cipher}\n` } : { status: 1, stdout: 'Failed to invoke testing\n' },
      );
    });
  }
});
