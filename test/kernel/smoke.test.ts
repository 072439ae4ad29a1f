// A cross-section run on every guest kernel (6.1, 6.12, sid): one invocation of each main
// type through the built CLI, with the known answers of docs/reference-cli.md §4 and the RFCs. It never skips:
// a kernel without AF_ALG fails it.
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/kcapi.js', import.meta.url));

function kcapi(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const key = '8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423';
const iv = '7fbc02ebf5b93322329df9bfccb635af';
const plaintext = '48981da18e4bb9ef7e2e3162d16b1910';

describe(`smoke on ${process.env.KCAPI_TEST_KERNEL ?? 'this kernel'}`, () => {
  it('-x 1 cbc(aes) prints the known ciphertext once per loop', () => {
    const expected = createCipheriv('aes-256-cbc', Buffer.from(key, 'hex'), Buffer.from(iv, 'hex'))
      .setAutoPadding(false)
      .update(Buffer.from(plaintext, 'hex'))
      .toString('hex');
    expect(expected).toBe('8b19050f66582cb7f7e4b6c873819b71');
    const run = kcapi('-x', '1', '-e', '-c', 'cbc(aes)', '-k', key, '-i', iv, '-p', plaintext, '-d', '2');
    expect(run).toEqual({ status: 0, stdout: `${expected}\n${expected}\n`, stderr: '' });
  });

  it('-x 2 gcm(aes) encrypts and reports a bad tag as EBADMSG', () => {
    const args = [
      '-x',
      '2',
      '-c',
      'gcm(aes)',
      '-i',
      '0d18e06c7c725ac9e362e1ce',
      '-k',
      '2fb45e5b8f993a2bfebc4b15b533e0b4',
      '-a',
      '2ae6c6c39c2f3a6f',
    ];
    expect(kcapi(...args, '-e', '-p', '68ab9e1f', '-l', '16').stdout).toBe('8f246c19bbbb38f662b9ee7e2767bba37f2f0d52\n');
    const forged = kcapi(...args, '-q', '8f246c19', '-t', '00000000000000000000000000000000');
    expect({ status: forged.status, stdout: forged.stdout }).toEqual({ status: 0, stdout: 'EBADMSG\n' });
  });

  it('-x 3 sha256 and hmac(sha256) match node:crypto', () => {
    expect(kcapi('-x', '3', '-c', 'sha256', '-p', '616263').stdout).toBe(`${createHash('sha256').update('abc').digest('hex')}\n`);
    // RFC 4231 test case 2
    const hmac = kcapi('-x', '3', '-c', 'hmac(sha256)', '-k', '4a656665', '-p', '7768617420646f2079612077616e7420666f72206e6f7468696e673f');
    expect(hmac.stdout).toBe(`${createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex')}\n`);
  });

  it('-x 8 PBKDF2-HMAC-SHA1 matches RFC 6070', () => {
    const run = kcapi('-x', '8', '-c', 'hmac(sha1)', '-p', '70617373776f7264', '-k', '73616c74', '-d', '4096', '-b', '20');
    expect(run.stdout).toBe('4b007901b765489abead49d926f721d065a429c1\n');
  });

  it('an unknown algorithm exits 3 with the reference line', () => {
    const run = kcapi('-x', '3', '-c', 'nosuchhash', '-p', '00');
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('Allocation of hash nosuchhash failed\nFailed to invoke testing\n');
  });
});
