import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectKernelRun, hex, kernelHasAfAlg, lines, requireKernelInCi, runInProcess, spawnKcapi } from './helpers.js';

// Key, IV and plaintext of docs/reference-cli.md §4 (the reference's own example).
const cbcKey = '8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423';
const cbcIv = '7fbc02ebf5b93322329df9bfccb635af';
const cbcPlain = '48981da18e4bb9ef7e2e3162d16b1910';
const cbcCipher = '8b19050f66582cb7f7e4b6c873819b71';
const cbc = ['-c', 'cbc(aes)', '-k', cbcKey, '-i', cbcIv];

const gcm = ['-c', 'gcm(aes)', '-i', '0d18e06c7c725ac9e362e1ce', '-k', '2fb45e5b8f993a2bfebc4b15b533e0b4', '-a', '2ae6c6c39c2f3a6f'];
const gcmResult = '8f246c19bbbb38f662b9ee7e2767bba37f2f0d52';

/** CBC encryption of `blocks` copies of the plaintext, chained (what -s prints line by line). */
function chainedCbc(blocks: number): string[] {
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(cbcKey, 'hex'), Buffer.from(cbcIv, 'hex')).setAutoPadding(false);
  const out = cipher.update(Buffer.concat(Array.from({ length: blocks }, () => Buffer.from(cbcPlain, 'hex'))));
  return Array.from({ length: blocks }, (_, i) => hex(out.subarray(i * 16, i * 16 + 16)));
}

describe('the published answers of docs/reference-cli.md §4', () => {
  it('agree with node:crypto (the expectations below are right)', () => {
    expect(chainedCbc(1)[0]).toBe(cbcCipher);
    expect(createHash('sha256').update('abc').digest('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const gcmCipher = createCipheriv(
      'aes-128-gcm',
      Buffer.from('2fb45e5b8f993a2bfebc4b15b533e0b4', 'hex'),
      Buffer.from('0d18e06c7c725ac9e362e1ce', 'hex'),
    );
    gcmCipher.setAAD(Buffer.from('2ae6c6c39c2f3a6f', 'hex'));
    const sealed = Buffer.concat([gcmCipher.update(Buffer.from('68ab9e1f', 'hex')), gcmCipher.final(), gcmCipher.getAuthTag()]);
    expect(hex(sealed)).toBe(gcmResult);
  });

  // The addon runs the -d loop in batches of 16384 requests of 16 bytes: this crosses a batch.
  it('-x 1 -d 20000, by sendmsg and with -v: every line the known answer, then the duration', async () => {
    for (const vmsplice of [[], ['-v']]) {
      const run = await runInProcess(['-x', '1', '-e', ...cbc, '-p', cbcPlain, '-d', '20000', '-f', ...vmsplice]);
      expectKernelRun(run, `${lines(...Array.from({ length: 20000 }, () => cbcCipher))}${run.stdout.split('\n').at(-2)}\n`);
      if (kernelHasAfAlg) expect(run.stdout.split('\n').at(-2)).toMatch(/^duration [1-9][0-9]*$/);
    }
  });

  it('-x 1 -d 2: the same line twice (the IV is sent with every request)', () => {
    expectKernelRun(spawnKcapi(['-x', '1', '-e', ...cbc, '-p', cbcPlain, '-d', '2']), lines(cbcCipher, cbcCipher));
  });

  it('-x 3 -c sha256 -p 616263', () => {
    expectKernelRun(
      spawnKcapi(['-x', '3', '-c', 'sha256', '-p', '616263']),
      lines('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'),
    );
  });

  it('-x 2 gcm(aes) encryption', () => {
    expectKernelRun(spawnKcapi(['-x', '2', '-e', ...gcm, '-p', '68ab9e1f', '-l', '16']), lines(gcmResult));
  });
});

describe('output formats', () => {
  it('-x 1 decryption prints the plaintext', () => {
    expectKernelRun(spawnKcapi(['-x', '1', ...cbc, '-q', cbcCipher]), lines(cbcPlain));
  });

  it('-x 1 -s: each line continues the chain; the two sockets agree', () => {
    expectKernelRun(spawnKcapi(['-x', '1', '-s', '-e', ...cbc, '-p', cbcPlain, '-d', '3']), lines(...chainedCbc(3)));
  });

  it('-x 1 -f: "duration <ns>" after the results', () => {
    const run = spawnKcapi(['-x', '1', '-e', ...cbc, '-p', cbcPlain, '-d', '2', '-f']);
    requireKernelInCi();
    if (!kernelHasAfAlg) return expectKernelRun(run, '');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${cbcCipher}\\n${cbcCipher}\\nduration [1-9][0-9]*\\n$`));
  });

  it('-x 2 -u: the associated data in front of the result; -v gives the same', () => {
    expectKernelRun(
      spawnKcapi(['-x', '2', '-e', ...gcm, '-p', '68ab9e1f', '-l', '16', '-u', '-v', '-d', '2']),
      lines(`2ae6c6c39c2f3a6f${gcmResult}`, `2ae6c6c39c2f3a6f${gcmResult}`),
    );
  });

  it('-x 2 decryption: the plaintext, and EBADMSG (status 0) for a wrong tag, -l after -t', () => {
    expectKernelRun(spawnKcapi(['-x', '2', ...gcm, '-q', '8f246c19', '-t', gcmResult.slice(8), '-l', '16']), lines('68ab9e1f'));
    const badTag = `${gcmResult.slice(8, -2)}00`;
    expectKernelRun(spawnKcapi(['-x', '2', '-s', ...gcm, '-q', '8f246c19', '-t', badTag]), lines('EBADMSG'));
  });

  it('-x 3 -b truncates the digest; -p - is the empty message', () => {
    expectKernelRun(spawnKcapi(['-x', '3', '-c', 'sha256', '-p', '616263', '-b', '4', '-d', '2']), lines('ba7816bf', 'ba7816bf'));
    expectKernelRun(spawnKcapi(['-x', '3', '-s', '-c', 'sha1', '-p', '-']), lines(createHash('sha1').update('').digest('hex')));
  });

  it('-y: ccm(aes) with 57296 bytes of AAD (one-shot) and 53200 (stream)', () => {
    const aad = Buffer.from(readFileSync(new URL('../../data/ccm-large-aad.hex', import.meta.url), 'utf8').trim(), 'hex');
    const expected = (assocLength: number): string => {
      const cipher = createCipheriv(
        'aes-128-ccm',
        Buffer.from('8a5220f5aa1b8aaddfa3bdefc91afe7c', 'hex'),
        Buffer.from('82b782d0047d840ccfe4387159', 'hex'),
        { authTagLength: 16 },
      );
      const message = Buffer.from('64f855a85e5a7b8afa05421ebf6f15b50c8fdc23b7f2c670f50c45d07acc5ad5', 'hex');
      cipher.setAAD(aad.subarray(0, assocLength), { plaintextLength: message.length });
      return hex(Buffer.concat([cipher.update(message), cipher.final(), cipher.getAuthTag()]));
    };
    expect(aad.length).toBe(65504);
    expectKernelRun(spawnKcapi(['-y', '-d', '2', '-x', '1']), lines(expected(57296), expected(57296)));
    expectKernelRun(spawnKcapi(['-y', '-s']), lines(expected(53200)));
    expectKernelRun(spawnKcapi(['-y', '-v']), lines(expected(57296)));
  });
});

describe('failures print the reference lines', () => {
  it('an unknown algorithm: "Allocation of ... failed", status 3', () => {
    const run = spawnKcapi(['-x', '1', '-e', '-c', 'cbc(nonexistent)', '-k', '00', '-p', '00']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe(lines('Allocation of cbc(nonexistent) cipher failed', 'Failed to invoke testing'));
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a bad key: "Symmetric cipher setkey failed", status 1', () => {
    const run = spawnKcapi(['-x', '1', '-e', '-c', 'cbc(aes)', '-k', '0011', '-i', cbcIv, '-p', cbcPlain]);
    expectKernelRun(run, lines('Symmetric cipher setkey failed', 'Failed to invoke testing'), 1);
  });

  it('a missing -p, a missing AEAD IV, -b 65: only "Failed to invoke testing", status 1', () => {
    for (const args of [
      ['-x', '1', '-e', ...cbc],
      ['-x', '2', '-e', '-c', 'gcm(aes)', '-k', '00', '-p', '00'],
      ['-x', '3', '-c', 'sha256', '-p', '00', '-b', '65'],
    ]) {
      const run = spawnKcapi(args);
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: lines('Failed to invoke testing') });
      expect(run.stderr).toMatch(/^kcapi: .+\n$/);
    }
  });

  it('a tag length the algorithm rejects', () => {
    const run = spawnKcapi(['-x', '2', '-e', ...gcm, '-p', '00', '-l', '3']);
    expectKernelRun(run, lines('Setting of authentication tag length failed', 'Failed to invoke testing'), 1);
  });
});
