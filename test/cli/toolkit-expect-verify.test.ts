/**
 * --expect, --verify and --all-drivers on the built CLI. Known answers: the reference outputs
 * quoted in docs/reference-cli.md §4 and node:crypto over random inputs. Without AF_ALG (outside CI)
 * every kernel run must end with status 3.
 */
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { hex, kernelHasAfAlg, requireKernelInCi, spawnKcapi, type Run } from './helpers.js';

const cbcArgs = [
  '-x',
  '1',
  '-e',
  '-c',
  'cbc(aes)',
  '-k',
  '8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423',
  '-i',
  '7fbc02ebf5b93322329df9bfccb635af',
  '-p',
  '48981da18e4bb9ef7e2e3162d16b1910',
];
const cbcAnswer = '8b19050f66582cb7f7e4b6c873819b71';

/** On a kernel: true. Without AF_ALG (allowed outside CI only): the run ended with status 3. */
function onKernel(run: Run): boolean {
  requireKernelInCi();
  if (kernelHasAfAlg) return true;
  expect(run.status).toBe(3);
  return false;
}

describe('--expect', () => {
  it('the right value: status 0, stdout unchanged, nothing on stderr', () => {
    const run = spawnKcapi([...cbcArgs, '--expect', cbcAnswer.toUpperCase()]);
    if (!onKernel(run)) return;
    expect(run).toEqual({ status: 0, stdout: `${cbcAnswer}\n`, stderr: '' });
  });

  it("-d 2: one line's value or the two lines joined", () => {
    for (const expected of [cbcAnswer, cbcAnswer + cbcAnswer]) {
      const run = spawnKcapi([...cbcArgs, '-d', '2', '--expect', expected]);
      if (!onKernel(run)) return;
      expect(run).toEqual({ status: 0, stdout: `${cbcAnswer}\n${cbcAnswer}\n`, stderr: '' });
    }
  });

  it('a wrong value: status 1, stdout unchanged, the blocks compared on stderr', () => {
    const wrong = `${cbcAnswer.slice(0, 30)}00`;
    const run = spawnKcapi([...cbcArgs, '--expect', wrong + cbcAnswer]);
    if (!onKernel(run)) return;
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`${cbcAnswer}\n`);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'kcapi: --expect: the output differs from HEX: 2 of 2 blocks differ (16-byte blocks; expected 32 bytes, actual 16 bytes)',
    );
    expect(lines[1]).toMatch(/^ +block +offset +expected +actual$/);
    expect(lines[2]).toMatch(new RegExp(`^! +0 +0  ${wrong}  ${cbcAnswer}$`));
    expect(lines[3]).toMatch(new RegExp(`^! +1 +16  ${cbcAnswer}  \\(none\\)$`));
    expect(run.stderr).not.toMatch(/\x1b\[/); // no colour when stderr is not a terminal
  });

  it('invalid HEX: usage error, status 2', () => {
    const run = spawnKcapi([...cbcArgs, '--expect', 'xyz']);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(/^kcapi: option --expect: not hexadecimal: character "x" at position 1/),
    });
  });
});

describe('--verify with random inputs', () => {
  it('cbc(aes): agrees with node:crypto', () => {
    const key = randomBytes([16, 24, 32][randomInt(3)]!);
    const iv = randomBytes(16);
    const plaintext = randomBytes(16 * randomInt(1, 9));
    const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv).setAutoPadding(false);
    const expected = hex(Buffer.concat([cipher.update(plaintext), cipher.final()]));
    const run = spawnKcapi([
      '-x',
      '1',
      '-e',
      '-c',
      'cbc(aes)',
      '-k',
      hex(key),
      '-i',
      hex(iv),
      '-p',
      hex(plaintext),
      '--verify',
      '--verbose',
    ]);
    if (!onKernel(run)) return;
    expect(run).toEqual({ status: 0, stdout: `${expected}\n`, stderr: 'kcapi: --verify: cbc(aes) agrees with node:crypto\n' });
  });

  it('gcm(aes): agrees with node:crypto', () => {
    const key = randomBytes(16);
    const iv = randomBytes(12);
    const assoc = randomBytes(randomInt(0, 33));
    const plaintext = randomBytes(randomInt(1, 100));
    const cipher = createCipheriv('aes-128-gcm', key, iv);
    cipher.setAAD(assoc);
    const expected = hex(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
    const run = spawnKcapi([
      '-x',
      '2',
      '-e',
      '-c',
      'gcm(aes)',
      '-k',
      hex(key),
      '-i',
      hex(iv),
      '-a',
      hex(assoc),
      '-p',
      hex(plaintext),
      '-l',
      '16',
      '--verify',
      '--verbose',
    ]);
    if (!onKernel(run)) return;
    expect(run).toEqual({ status: 0, stdout: `${expected}\n`, stderr: 'kcapi: --verify: gcm(aes) agrees with node:crypto\n' });
  });

  it('sha256 and hmac(sha256): agree with node:crypto', () => {
    const message = randomBytes(randomInt(0, 300));
    const key = randomBytes(randomInt(1, 100));
    const cases = [
      { args: ['-c', 'sha256'], expected: createHash('sha256').update(message).digest('hex') },
      { args: ['-c', 'hmac(sha256)', '-k', hex(key)], expected: createHmac('sha256', key).update(message).digest('hex') },
    ];
    for (const { args, expected } of cases) {
      const run = spawnKcapi(['-x', '3', ...args, '-p', message.length === 0 ? '' : hex(message), '--verify', '--verbose']);
      if (!onKernel(run)) return;
      expect(run).toEqual({ status: 0, stdout: `${expected}\n`, stderr: `kcapi: --verify: ${args[1]} agrees with node:crypto\n` });
    }
  });

  it("an algorithm node:crypto cannot compute: one stderr line, the run's own status", () => {
    const run = spawnKcapi([
      '-x',
      '5',
      '-c',
      'hmac(sha256)',
      '-k',
      hex(randomBytes(32)),
      '-p',
      hex(randomBytes(16)),
      '-b',
      '32',
      '--verify',
    ]);
    if (!onKernel(run)) return;
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(run.stderr).toBe('kcapi: --verify: hmac(sha256) as -x 5 is not verifiable with node:crypto\n');
  });
});

describe('--all-drivers', () => {
  function driverRows(run: Run): string[][] {
    const [summary, header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(summary).toMatch(/: all \d+ implementations agree$/);
    expect(header).toMatch(/^driver +priority +result +status$/);
    return rows.map((row) => row.split(/ {2,}/));
  }

  it('cbc(aes): every implementation agrees with the documented answer (docs/reference-cli.md §4), at least two of them', () => {
    const run = spawnKcapi([...cbcArgs, '--all-drivers', '--expect', cbcAnswer]);
    if (!onKernel(run)) return;
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const rows = driverRows(run);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.map((row) => row[0])).toContain('cbc(aes-generic)');
    for (const row of rows) expect(row.slice(1)).toEqual([expect.stringMatching(/^\d+$/), cbcAnswer, 'agrees']);
  });

  it("sha256 --json: every implementation gives node:crypto's digest", () => {
    const message = randomBytes(randomInt(1, 200));
    const digest = createHash('sha256').update(message).digest('hex');
    const run = spawnKcapi(['-x', '3', '-c', 'sha256', '-p', hex(message), '--all-drivers', '--verify', '--json']);
    if (!onKernel(run)) return;
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ schema: 'kcapi-all-drivers/1', algorithm: 'sha256', agree: true, status: 0, verify: 'compared' });
    expect(document.drivers.length).toBeGreaterThanOrEqual(2);
    expect(document.drivers.map((driver: { driver: string }) => driver.driver)).toContain('sha256-generic');
    for (const driver of document.drivers) {
      expect(driver).toMatchObject({ exitStatus: 0, output: [digest], error: null, odd: false, matchesNodeCrypto: true });
    }
  });

  it('sha256 text table: at least two drivers, all "agrees"', () => {
    const run = spawnKcapi(['-x', '3', '-c', 'sha256', '-p', '616263', '--all-drivers']);
    if (!onKernel(run)) return;
    expect(run.status).toBe(0);
    const rows = driverRows(run);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row[3]).toBe('agrees');
  });

  it('a wrong --expect on every driver: status 1', () => {
    const run = spawnKcapi([...cbcArgs, '--all-drivers', '--expect', '00'.repeat(16)]);
    if (!onKernel(run)) return;
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/agrees, differs from --expect\n/);
    expect(run.stderr).toMatch(/^kcapi: --expect: \S+ differs from HEX: 1 of 1 block differ/);
  });
});
