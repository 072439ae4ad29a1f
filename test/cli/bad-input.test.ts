import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { optionTable } from '../../src/cli/option-table.js';
import { runInProcess, spawnKcapi } from './helpers.js';

/** One stderr line naming the problem, nothing on stdout, status 2. */
function expectUsageError(args: string[], message: RegExp): void {
  const run = spawnKcapi(args);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^kcapi: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.status).toBe(2);
}

describe('bad input: one line on stderr, status 2 (spec §10)', () => {
  it.each([
    [['-x', '1', '-k', 'zz'], /option -k \(--key\): not hexadecimal: character "z" at position 1/],
    [['-x', '1', '-p', 'abc'], /option -p \(--pt\): odd number of hex digits \(3\)/],
    [['-x', '1', '-d', '-5'], /option -d \(--execloops\): "-5" is not a non-negative integer/],
    [['-x', 'one'], /option -x \(--ciphertype\): "one" is not a non-negative integer/],
    [['-x', '42'], /unknown -x type 42/],
    [['-x', '3', '-o', '7'], /option -o \(--operation\): 7 is out of range/],
    [['-x', '2', '-n', '000102030405060708090a0b0c0d0e'], /a CCM nonce has at most 14 bytes/],
    [['--cip', 'sha1'], /option '--cip' is ambiguous; possibilities: '--ciphertype' '--cipher'/],
    [['-w'], /invalid option -- 'w'/],
    [['--frobnicate'], /unrecognized option '--frobnicate'/],
    [['-x', '3', '-c'], /option requires an argument -- 'c'/],
    [['--enc=yes'], /option '--enc' doesn't allow an argument/],
    [['-x', '1', '-k', 'env:KCAPI_TEST_UNSET_VARIABLE'], /environment variable KCAPI_TEST_UNSET_VARIABLE is not set/],
    [['-x', '1', '-k', '@/nonexistent/key.bin'], /cannot read \/nonexistent\/key.bin: ENOENT/],
  ])('%j', (args, message) => expectUsageError(args, message));

  const planned = optionTable.find((spec) => spec.status === 'planned' && spec.argument === 'none');
  it.runIf(planned !== undefined)('an option whose behaviour is still planned', () => {
    expectUsageError(['-x', '1', `--${planned!.long}`], new RegExp(`--${planned!.long} is not implemented yet`));
  });

  it('-l and -t that disagree: the reference line on stdout, status 2', () => {
    const run = spawnKcapi(['-x', '2', '-t', '00112233', '-l', '16']);
    expect(run.stdout).toBe('Set taglen != tag size\n');
    expect(run.stderr).toMatch(/^kcapi: -l 16 does not match the 4-byte tag given with -t/);
    expect(run.status).toBe(2);
  });

  it('no -x: nothing on stdout, status 1', () => {
    const run = spawnKcapi(['-c', 'sha256', '-p', '00']);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
    expect(run.stderr).toMatch(/nothing to do/);
  });
});

describe('help and version', () => {
  it('--help prints every option, status 0; -h is not help', () => {
    const run = spawnKcapi(['--help']);
    expect(run.status).toBe(0);
    for (const spec of optionTable) expect(run.stdout).toContain(`--${spec.long}`);
  });

  it('--version prints the package version', () => {
    const run = spawnKcapi(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^kcapi \d+\.\d+\.\d+\n$/);
  });
});

/** Random command lines made of real options, junk values and junk words. */
function randomArgv(): string[] {
  const words = ['-', '', '--', 'X', '-0', '--=', '-p-', '@', '@-nothing', 'env:', '\u00ff', '%s%n', '9'.repeat(30)];
  const values = ['', '-', '00', '0', 'zz', '-5', '1', '2', '3', '9', '65', '4294967296', 'cbc(aes)', 'sha256', 'gcm(aes)', '@/dev/null'];
  const argv: string[] = [];
  for (let i = randomInt(0, 8); i > 0; i--) {
    const spec = optionTable[randomInt(optionTable.length)]!;
    if (spec.key === 'vm' || spec.key === 'batch' || spec.key === 'fuzz' || spec.key === 'aux') continue;
    const name = spec.short !== undefined && randomInt(2) === 0 ? `-${spec.short}` : `--${spec.long}`;
    argv.push(name);
    if (spec.argument === 'required' && randomInt(10) > 0) {
      argv.push(randomInt(3) === 0 ? randomBytes(randomInt(0, 6)).toString('hex') : values[randomInt(values.length)]!);
    }
    if (randomInt(5) === 0) argv.push(words[randomInt(words.length)]!);
  }
  if (randomInt(2) === 0) argv.push('-d', String(randomInt(0, 3)));
  return argv;
}

describe('no crash on any input', () => {
  it('2000 random command lines in process end with a documented status', async () => {
    for (let i = 0; i < 2000; i++) {
      const argv = randomArgv();
      const run = await runInProcess(argv).catch((error: unknown) => {
        throw new Error(`${JSON.stringify(argv)} threw ${String(error)}`);
      });
      expect([0, 1, 2, 3], JSON.stringify(argv)).toContain(run.status);
    }
  });

  it('20 random command lines as processes: no signal, no stack trace', () => {
    for (let i = 0; i < 20; i++) {
      const argv = randomArgv();
      const run = spawnKcapi(argv);
      expect([0, 1, 2, 3], JSON.stringify(argv)).toContain(run.status);
      expect(run.stderr, JSON.stringify(argv)).not.toMatch(/^\s+at /m);
      expect(run.stderr.split('\n').filter(Boolean).length, JSON.stringify(argv)).toBeLessThanOrEqual(1);
    }
  });
});
