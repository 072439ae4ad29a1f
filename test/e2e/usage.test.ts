// End-to-end usage checks of the built CLI that need no kernel: they run on the host.
import { describe, expect, it } from 'vitest';
import { optionTable } from '../../src/cli/option-table.js';
import { spawnKcapi } from '../cli/helpers.js';

/** One stderr line naming the problem, nothing on stdout, status 2. */
function expectUsageError(args: string[], message: RegExp): void {
  const run = spawnKcapi(args);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^kcapi: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.status).toBe(2);
}

describe('bad input: one line on stderr, status 2 (docs/reference-cli.md §10)', () => {
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

  it('an extension that only goes with another: --fail-fast without --batch', () => {
    expectUsageError(['--fail-fast', '-x', '3', '-c', 'sha256', '-p', '00'], /--fail-fast goes with --batch/);
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

describe('KCAPI_EXIT_STATUS=reference (scripts written around the reference)', () => {
  // A failed operation here: the host has no AF_ALG (status 3), a guest has no such hash.
  const failing = ['-x', '3', '-c', 'nosuchhash', '-p', '00'];

  it('exits 0 after "Failed to invoke testing", with the same stdout and stderr', () => {
    const ours = spawnKcapi(failing);
    const reference = spawnKcapi(failing, { env: { KCAPI_EXIT_STATUS: 'reference' } });
    expect(ours.status).not.toBe(0);
    expect(ours.stdout).toMatch(/Failed to invoke testing\n$/);
    expect(reference).toEqual({ ...ours, status: 0 });
  });

  it('keeps status 2 for usage errors, and any other value changes nothing', () => {
    expect(spawnKcapi(['-x', '1', '-k', 'zz'], { env: { KCAPI_EXIT_STATUS: 'reference' } }).status).toBe(2);
    expect(spawnKcapi(failing, { env: { KCAPI_EXIT_STATUS: 'kcapi' } }).status).toBe(spawnKcapi(failing).status);
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
