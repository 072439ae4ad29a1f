import { createCipheriv } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { requireKernelInCi, runInProcess, spawnKcapi } from './helpers.js';

const key = '8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423';
const iv = '7fbc02ebf5b93322329df9bfccb635af';
const pt = '48981da18e4bb9ef7e2e3162d16b1910';
const base = ['-x', '9', '-e', '-c', 'cbc(aes)', '-k', key, '-i', iv, '-p', pt];
const gcm = [
  '-c',
  'gcm(aes)',
  '-i',
  '0d18e06c7c725ac9e362e1ce',
  '-k',
  '2fb45e5b8f993a2bfebc4b15b533e0b4',
  '-a',
  '2ae6c6c39c2f3a6f',
  '-l',
  '16',
];
const gcmSealed = '8f246c19bbbb38f662b9ee7e2767bba37f2f0d52';

/** CBC over the concatenation: what one socket chaining its requests produces. */
function cbcStream(ivHex: string, blocks: number): string {
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(key, 'hex'), Buffer.from(ivHex, 'hex')).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.from(pt.repeat(blocks), 'hex')), cipher.final()]).toString('hex');
}

describe('-x 9 and the request modes on the command line', () => {
  requireKernelInCi();

  it('must show: -x 9 -d 2 chains, and --check says so', () => {
    const run = spawnKcapi([...base, '-d', '2', '--check']);
    expect(run.stdout).toBe('8b19050f66582cb7f7e4b6c873819b7108afa0eaa7de29bac7d903576b674c32\n');
    expect(run.stderr).toContain('kcapi: check: request 0: both\n');
    expect(run.stderr).toContain('kcapi: check: request 1: chained\n');
    expect(run.stderr).toContain('check passed');
    expect(run.status).toBe(0);
  });

  it('must show: --mode inline-iv gives the independent result, and --check says so', () => {
    const run = spawnKcapi([...base, '-d', '2', '--mode', 'inline-iv', '--check']);
    expect(run.stdout).toBe('8b19050f66582cb7f7e4b6c873819b718b19050f66582cb7f7e4b6c873819b71\n');
    expect(run.stderr).toContain('kcapi: check: request 1: independent\n');
    expect(run.status).toBe(0);
  });

  it('--handles 2: each socket chains its own requests from the IV (software expectation)', async () => {
    const run = await runInProcess([...base, '-d', '5', '--handles', '2', '--check']);
    // Socket 0 runs requests 0, 2, 4 and socket 1 runs 1, 3: in request order.
    const even = cbcStream(iv, 3).match(/.{32}/g)!;
    const odd = cbcStream(iv, 2).match(/.{32}/g)!;
    expect(run).toEqual({ status: 0, stdout: `${[even[0], odd[0], even[1], odd[1], even[2]].join('')}\n`, stderr: '' });
  });

  it('--handles 2 --mode inline-iv --ivs: every request from its own IV', async () => {
    const ivs = [randomBytes(16), randomBytes(16), randomBytes(16)].map((value) => value.toString('hex'));
    const run = await runInProcess([...base, '--mode', 'inline-iv', '--handles', '2', '--ivs', ivs.join(','), '--check']);
    expect(run).toEqual({ status: 0, stdout: `${ivs.map((value) => cbcStream(value, 1)).join('')}\n`, stderr: '' });
  });

  it('-g (fallback), -v and -m give the same chained line; -f adds the duration', async () => {
    const chained = `${cbcStream(iv, 3)}\n`;
    for (const extra of [['-g'], ['-v'], ['-m'], ['-v', '-m', '--handles', '3']]) {
      const run = await runInProcess([...base, '-d', '3', ...extra]);
      const expected = extra.includes('--handles') ? `${cbcStream(iv, 1).repeat(3)}\n` : chained;
      expect(run, extra.join(' ')).toEqual({ status: 0, stdout: expected, stderr: '' });
    }
    const timed = await runInProcess([...base, '-d', '3', '-f']);
    expect(timed.stdout).toMatch(new RegExp(`^${cbcStream(iv, 3)}\\nduration \\d+\\n$`));
  });

  it('--json: one document with the driver, the AIO behaviour and the check', async () => {
    const run = await runInProcess([...base, '-d', '65', '--json', '--check']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { schema: string; ok: boolean; run: unknown };
    expect(result).toMatchObject({ schema: 'kcapi-result/1', ok: true });
    const document = result.run as Record<string, unknown> & {
      aio: { submitCalls: number; inFlightAtSubmit: number; completedInSubmit: number; asynchronous: boolean; retries: object };
      perHandle: unknown[];
      check: { passed: boolean; counts: Record<string, number> };
    };
    expect(document).toMatchObject({ algorithm: 'cbc(aes)', mode: 'chained', requests: 65, handles: 1, output: cbcStream(iv, 65) });
    expect(typeof document.driver).toBe('string');
    expect(document.aio.submitCalls).toBe(2);
    expect(document.aio.inFlightAtSubmit + document.aio.completedInSubmit).toBe(65);
    expect(document.aio.asynchronous).toBe(document.aio.inFlightAtSubmit > 0);
    expect(document.perHandle).toHaveLength(1);
    expect(document.check).toMatchObject({ passed: true, counts: { both: 1, chained: 64, independent: 0, neither: 0 } });
  });

  it('--check fails (status 1) when the kernel does not do what the mode expects: xts-aes-aesni in chained mode', async () => {
    // Two different key halves: OpenSSL (the software model) refuses equal ones.
    const xts = ['-x', '9', '-e', '-c', 'xts(aes)', '-k', key + key.split('').reverse().join(''), '-i', iv, '-p', pt + pt, '-d', '2'];
    const described = (JSON.parse((await runInProcess([...xts, '--json'])).stdout) as { run: { driver: string } }).run;
    const run = spawnKcapi([...xts, '--check']);
    if (/^xts-aes-aesni/.test(described.driver)) {
      expect(run.stderr).toContain('kcapi: check: request 0: both\n');
      expect(run.stderr).toContain('kcapi: check: request 1: neither (expected chained)\n');
      expect(run.status).toBe(1);
    } else {
      expect(run.stderr).toContain('check passed');
      expect(run.status).toBe(0);
    }
  });

  it('options that contradict each other are usage errors', () => {
    const ivsChained = spawnKcapi([...base, '--ivs', `${iv},${iv}`]);
    expect(ivsChained.status).toBe(2);
    expect(ivsChained.stderr).toMatch(/--ivs .*--mode inline-iv/);
    const fallbackFanOut = spawnKcapi([...base, '-g', '--handles', '2']);
    expect(fallbackFanOut.status).toBe(2);
  });
});

describe('-x 10 on the command line', () => {
  requireKernelInCi();

  it('two requests print the documented known answer twice (AIO, -g, -u)', async () => {
    for (const extra of [[], ['-g']]) {
      const run = await runInProcess(['-x', '10', '-e', '-d', '2', ...gcm, '-p', '68ab9e1f', ...extra, '--check']);
      expect(run).toEqual({ status: 0, stdout: `${gcmSealed.repeat(2)}\n`, stderr: '' });
    }
    const withAad = await runInProcess(['-x', '10', '-e', '-d', '2', ...gcm, '-p', '68ab9e1f', '-u']);
    expect(withAad.stdout).toBe(`${`2ae6c6c39c2f3a6f${gcmSealed}`.repeat(2)}\n`);
  });

  it('decryption: plaintexts, or the single line EBADMSG when a tag does not verify', async () => {
    const good = await runInProcess(['-x', '10', '-d', '3', ...gcm, '-q', '8f246c19', '-t', gcmSealed.slice(8)]);
    expect(good).toEqual({ status: 0, stdout: `${'68ab9e1f'.repeat(3)}\n`, stderr: '' });
    const badTag = `${gcmSealed.slice(8, -2)}00`;
    const bad = spawnKcapi(['-x', '10', '-d', '3', ...gcm, '-q', '8f246c19', '-t', badTag]);
    expect({ status: bad.status, stdout: bad.stdout }).toEqual({ status: 0, stdout: 'EBADMSG\n' });
  });
});

describe('-x 1 -s -j: the writer on a second thread', () => {
  requireKernelInCi();

  it('prints what -x 1 -s prints', async () => {
    const args = ['-x', '1', '-s', '-e', '-d', '3', '-c', 'cbc(aes)', '-k', key, '-i', iv, '-p', pt.repeat(8192)];
    const plain = await runInProcess(args);
    const threaded = await runInProcess([...args, '-j']);
    expect(plain.status).toBe(0);
    expect(threaded).toEqual(plain);
    expect(plain.stdout.split('\n')[1]).toBe(cbcStream(iv, 2 * 8192).slice(8192 * 32));
  });
});
