/** `kcapi -z` and `kcapi -x 4` from the built binary (npm run build first). */
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { spawnKcapi } from '../cli/helpers.js';
import { requireAfAlg } from '../helpers/kernel.js';

describe('kcapi -z', () => {
  it('prints the five lines; exit status 0 on Debian 12 kernels, else the failed-check count', () => {
    requireAfAlg();
    const run = spawnKcapi(['-z']);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.slice(0, 3)).toEqual([
      'AEAD obtained information passed',
      'Symmetric cipher obtained information passed',
      'Message digest obtained information passed',
    ]);
    expect(lines).toHaveLength(5);
    const failedRngs = lines.slice(3).filter((line) => !/^RNG drbg_nopr_(hmac_sha256|ctr_aes256) returned: [0-9a-f]{300}$/.test(line));
    expect(run.status).toBe(failedRngs.length);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(failedRngs.length);
    if (/^6\.(1|12)\./.test(release())) expect(run.status).toBe(0);
  });
});

describe('kcapi -x 4, 11, 13, 14', () => {
  it.each(['4', '11', '13', '14'])('-x %s: exit 3 with one stderr line', (type) => {
    requireAfAlg();
    const run = spawnKcapi(['-x', type, '-c', type === '13' || type === '14' ? 'dh' : 'rsa', '-p', '00']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('Failed to invoke testing\n');
    expect(run.stderr).toMatch(/^kcapi: [^\n]*AF_ALG (akcipher|kpp) sockets[^\n]*\n$/);
  });
});
