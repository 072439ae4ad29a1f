/** `kcapi -h` from the built binary: exit status 0 and no output when nothing fails. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin } from '../cli/helpers.js';
import { requireAfAlg } from '../helpers/kernel.js';
import { testRandom } from '../helpers/seeded-random.js';

/**
 * The built CLI, with a time limit for long fuzz runs under emulation. Its fuzz seed comes from
 * the test's stream, so that KCAPI_TEST_SEED replays the run.
 */
function spawnKcapi(args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  const env = options.env ?? { ...process.env, KCAPI_FUZZ_SEED: String(testRandom().next()) };
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 1_700_000 });
  if (child.error) throw child.error;
  if (child.signal !== null) throw new Error(`kcapi ${args.join(' ')} died of ${child.signal}`);
  return { status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

describe('kcapi -h', () => {
  it('-x 1 -c "cbc(aes)" -d 1000 exits 0 silently', () => {
    requireAfAlg();
    const run = spawnKcapi(['-h', '-x', '1', '-c', 'cbc(aes)', '-d', '1000']);
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
  }, 1_800_000);

  it('-x 2 -c "gcm(aes)" -d 100 exits 0 silently', () => {
    requireAfAlg();
    const run = spawnKcapi(['-h', '-x', '2', '-c', 'gcm(aes)', '-d', '100']);
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
  }, 1_800_000);

  it('names -d 20 exits 0 silently', () => {
    requireAfAlg();
    const run = spawnKcapi(['-h', '-d', '20']);
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
  }, 1_800_000);

  it('an unknown algorithm is an allocation failure (exit 3)', () => {
    requireAfAlg();
    const run = spawnKcapi(['-h', '-x', '1', '-c', 'nosuchcipher', '-d', '1']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('Allocation of nosuchcipher cipher failed\nFailed to invoke testing\n');
  });

  it('a bad KCAPI_FUZZ_SEED is a usage error', () => {
    const run = spawnKcapi(['-h', '-d', '1'], { env: { ...process.env, KCAPI_FUZZ_SEED: 'x' } });
    expect(run.status).toBe(2);
  });
});
