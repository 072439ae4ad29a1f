import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainsAcrossRequests } from '../../src/kernel/request-splitting.js';
import { FuzzRandom } from '../../src/ops/fuzz/random.js';
import { referenceKcapiPath } from '../../src/vm/kernel/reference-kcapi.js';
import { runInProcess, type Run } from '../cli/helpers.js';
import { requireAfAlg } from '../helpers/kernel.js';
import { InvocationGenerator, oracleTypes, type Invocation } from './oracle-invocations.js';

/**
 * Differential test against libkcapi's own kcapi (built by the test set-up from Debian's
 * source package, see src/vm/reference-kcapi.ts): random valid invocations of every shared
 * type run with both programs on this kernel; stdout must be byte for byte the same, and our
 * exit status must say what the reference's stdout says (0 for a result, 1 or 3 after
 * "Failed to invoke testing"; the reference itself exits 0 either way). Never 70.
 * KCAPI_ORACLE_SEED replays a run, KCAPI_ORACLE_COUNT sets the number of invocations.
 */

const reference = referenceKcapiPath();
const random = FuzzRandom.fromEnvironment(process.env.KCAPI_ORACLE_SEED?.trim() || undefined);
const count = Number(process.env.KCAPI_ORACLE_COUNT ?? 240);
const failureLine = 'Failed to invoke testing\n';

/** Status of a reference run that did not finish (it waits for data on newer kernels, §10). */
const hung = 124;

function runReference(args: readonly string[]): Run {
  // Each run takes well under a second even under TCG; a hang is recognised after 15.
  const result = spawnSync(reference, args, { encoding: 'utf8', timeout: 15_000 });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: timedOut ? hung : (result.status ?? 128), stdout: result.stdout, stderr: result.stderr };
}

const quote = (args: readonly string[]): string => args.map((arg) => (/^[\w./=-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ');

/** Why `ours` does not stand for `theirs`, or undefined when it does. */
export function disagreement(ours: Run, theirs: Run): string | undefined {
  if (ours.status === 70) return `internal error: ${ours.stdout}${ours.stderr}`;
  if (theirs.status !== 0) return `the reference exited ${theirs.status}: ${theirs.stdout}${theirs.stderr}`;
  if (ours.stdout !== theirs.stdout) return `stdout: ours ${JSON.stringify(ours.stdout)}, reference ${JSON.stringify(theirs.stdout)}`;
  const failed = theirs.stdout.endsWith(failureLine);
  if (failed ? ours.status !== 1 && ours.status !== 3 : ours.status !== 0)
    return `exit status ${ours.status} for ${failed ? 'a failure' : 'a result'}`;
  return undefined;
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const at = args.lastIndexOf(flag);
  return at < 0 ? undefined : args[at + 1];
}

const blockSizeOf = (cipher: string): number => (cipher.includes('des') ? 8 : 16);

/**
 * The differences the man page lists (DIFFERENCES FROM THE REFERENCE), recognised by what each
 * looks like; the name of the one `args` shows, or undefined.
 */
export function listedDifference(args: readonly string[], ours: Run, theirs: Run): string | undefined {
  if (valueOf(args, '-x') === '1') return streamRefusal(args, ours);
  if (valueOf(args, '-x') === '10') return emptyDecryptions(args, ours, theirs);
  if (valueOf(args, '-x') !== '9') return undefined;
  const input = valueOf(args, '-p') ?? valueOf(args, '-q') ?? '';
  const loops = Number(valueOf(args, '-d') ?? 1);
  const blockSize = blockSizeOf(valueOf(args, '-c') ?? '');
  if ((input.length / 2) % blockSize === 0) return undefined;
  // Newer kernels (6.12) make the reference wait for ever for the rest of the partial block.
  if (theirs.status === hung && ours.status !== 70) return 'partial blocks: the reference hangs';
  if (!args.includes('-g')) {
    const refused = ours.status === 1 && ours.stdout === 'En/Decryption of buffer failed\nFailed to invoke testing\n';
    return refused && loops > 1 ? 'partial blocks between AIO requests: refused' : undefined;
  }
  // -g: one stream over the inputs joined; the reference's last partial block is its input's.
  const tail = 2 * (((input.length / 2) * loops) % blockSize);
  if (tail === 0) return undefined;
  // XTS steals ciphertext from the block before a partial one: that block differs too.
  const stolen = valueOf(args, '-c') === 'xts(aes)' ? 2 * blockSize : 0;
  const head = -tail - stolen - 1;
  const sameHead = ours.stdout.length === theirs.stdout.length && ours.stdout.slice(0, head) === theirs.stdout.slice(0, head);
  return sameHead && ours.status === 0 && theirs.stdout.slice(-tail - 1, -1) === input.slice(-tail)
    ? '-g: the last partial block ciphered'
    : undefined;
}

/**
 * -x 1 -s with -d N > 1 sends N requests on one socket; for a mode whose IV does not carry from
 * one kernel request to the next (xts, cts, ...), we refuse where the reference prints what the
 * kernel's left-over IV gives (man page, DIFFERENCES FROM THE REFERENCE).
 */
function streamRefusal(args: readonly string[], ours: Run): string | undefined {
  const loops = Number(valueOf(args, '-d') ?? 1);
  const refused = ours.status === 1 && ours.stdout === failureLine;
  return args.includes('-s') && loops > 1 && refused && !chainsAcrossRequests(valueOf(args, '-c') ?? '')
    ? '-s with several requests of a mode that does not chain: refused'
    : undefined;
}

/**
 * -x 10 -d N > 1 decrypting an empty AAD and ciphertext: the reference's one-byte output
 * buffers let the kernel run the first request over the next one's bytes, so it prints EBADMSG
 * whatever the tags; we read each request on its own (man page, DIFFERENCES FROM THE REFERENCE).
 */
function emptyDecryptions(args: readonly string[], ours: Run, theirs: Run): string | undefined {
  const loops = Number(valueOf(args, '-d') ?? 1);
  const empty = !args.includes('-e') && !valueOf(args, '-a') && !valueOf(args, '-q');
  const oursValid = ours.status === 0 && /^[0-9a-f]+\n$/.test(ours.stdout);
  return empty && loops > 1 && !args.includes('-g') && theirs.stdout === 'EBADMSG\n' && oursValid
    ? '-x 10 -d N, empty ciphertexts: each tag checked on its own request'
    : undefined;
}

async function compare(invocation: Invocation): Promise<{ args: string[]; problem?: string; listed?: string }> {
  const args = invocation.decryption ? invocation.decryption(runReference(invocation.args).stdout) : invocation.args;
  const theirs = runReference(args);
  const ours = await runInProcess(args);
  const problem = disagreement(ours, theirs);
  const listed = problem === undefined || ours.status === 70 ? undefined : listedDifference(args, ours, theirs);
  return listed === undefined ? { args, problem } : { args, listed };
}

describe("kcapi against libkcapi's kcapi (the reference program)", () => {
  it(`${count} random invocations of -x ${oracleTypes.join(', ')}: same stdout, matching exit status`, { timeout: 3_600_000 }, async () => {
    requireAfAlg();
    expect(existsSync(reference), `no reference kcapi at ${reference}: node scripts/test.mjs builds it`).toBe(true);
    console.error(`oracle: seed ${random.seed} (KCAPI_ORACLE_SEED=${random.seed} replays), ${count} invocations, reference ${reference}`);
    const generator = new InvocationGenerator(random);
    const perType = new Map<number, { runs: number; differing: number; listed: number }>();
    const listedCounts = new Map<string, number>();
    const problems: string[] = [];
    for (let index = 0; index < count; index++) {
      const type = oracleTypes[index % oracleTypes.length]!;
      const { args, problem, listed } = await compare(generator.next(type));
      const tally = perType.get(type) ?? { runs: 0, differing: 0, listed: 0 };
      tally.runs++;
      if (listed !== undefined) {
        tally.listed++;
        listedCounts.set(listed, (listedCounts.get(listed) ?? 0) + 1);
      }
      if (problem !== undefined) {
        tally.differing++;
        problems.push(`kcapi ${quote(args)}\n    ${problem}`);
      }
      perType.set(type, tally);
    }
    console.error(
      `oracle: ${[...perType].map(([type, t]) => `-x ${type}: ${t.runs} runs, ${t.listed} listed, ${t.differing} differing`).join('; ')}`,
    );
    console.error(`oracle: listed differences seen: ${[...listedCounts].map(([name, n]) => `${name} ${n}`).join('; ') || 'none'}`);
    for (const problem of problems.slice(0, 20)) console.error(`oracle: ${problem}`);
    expect(problems, `seed ${random.seed}: ${problems.length} of ${count} invocations differ`).toEqual([]);
  });
});

/** Fixed invocations: both programs run; each listed difference shows, with its reason. */
describe('the differences from the reference, pinned', () => {
  const key = '000102030405060708090a0b0c0d0e0f';
  const iv = '0f0e0d0c0b0a09080706050403020100';
  const input = '00112233445566778899aabbccddeeff'.repeat(4) + '0123';
  const both = async (args: string[]) => ({ ours: await runInProcess(args), theirs: runReference(args) });

  it('-x 9 -d 2, 66 bytes of ctr(aes): the reference prints input bytes in the output (6.1) or hangs (6.12); we refuse', async () => {
    requireAfAlg();
    const args = ['-x', '9', '-e', '-c', 'ctr(aes)', '-k', key, '-i', iv, '-p', input, '-d', '2'];
    const { ours, theirs } = await both(args);
    expect(ours).toMatchObject({ status: 1, stdout: 'En/Decryption of buffer failed\nFailed to invoke testing\n' });
    // The kernel ciphered 64 of the first request's 66 bytes: the reference shows the input's last 2 there.
    if (theirs.status !== hung) expect(theirs.stdout.slice(128, 132)).toBe('0123');
    expect(listedDifference(args, ours, theirs)).toBeDefined();
    // One request is ciphered whole, by both.
    const single = await both(['-x', '9', '-e', '-c', 'ctr(aes)', '-k', key, '-i', iv, '-p', input]);
    expect(disagreement(single.ours, single.theirs)).toBeUndefined();
  });

  it('-x 1 -s -d 2 with xts(aes): the reference prints two different lines from the IV the kernel left; we refuse', async () => {
    requireAfAlg();
    const xtsKey = key + 'f0e0d0c0b0a090807060504030201000';
    const args = ['-x', '1', '-e', '-c', 'xts(aes)', '-k', xtsKey, '-i', iv, '-p', input.slice(0, 64), '-s', '-d', '2'];
    const { ours, theirs } = await both(args);
    expect(ours).toMatchObject({ status: 1, stdout: failureLine });
    expect(listedDifference(args, ours, theirs)).toBeDefined();
    // One request is the same for both.
    const single = await both(args.slice(0, -2));
    expect(disagreement(single.ours, single.theirs)).toBeUndefined();
  });

  it('-x 9 -g -d 2, 66 bytes of ctr(aes): the reference leaves the last 4 of 132 bytes unciphered (6.1) or hangs (6.12); we cipher them', async () => {
    requireAfAlg();
    const args = ['-x', '9', '-e', '-c', 'ctr(aes)', '-k', key, '-i', iv, '-p', input, '-d', '2', '-g'];
    const { ours, theirs } = await both(args);
    if (theirs.status !== hung) expect(theirs.stdout.slice(-9)).toBe(`${input.slice(-8)}\n`);
    expect(ours.status).toBe(0);
    expect(ours.stdout.slice(-9)).not.toBe(`${input.slice(-8)}\n`);
    expect(listedDifference(args, ours, theirs)).toBeDefined();
    // Our last bytes are the stream's: -x 1 over the two inputs joined ends the same way.
    const joined = await runInProcess(['-x', '1', '-e', '-c', 'ctr(aes)', '-k', key, '-i', iv, '-p', input + input]);
    expect(joined.stdout).toBe(ours.stdout);
  });

  it('-x 10 -d 2 decrypting empty ciphertexts with a valid tag: the reference says EBADMSG; we check each request', async () => {
    requireAfAlg();
    // NIST GCM test case 1 (zero key and IV, empty plaintext): tag 58e2fcce... (here 4 bytes).
    const decrypt = (tag: string, extra: string[] = []) =>
      both(['-x', '10', '-c', 'gcm(aes)', '-k', '00'.repeat(16), '-i', '00'.repeat(12), '-a', '', '-q', '', '-t', tag, ...extra]);
    const valid = await decrypt('58e2fcce', ['-d', '2']);
    expect(valid.theirs.stdout).toBe('EBADMSG\n');
    // An empty plaintext prints as the reference's in-place buffer shows it: the tag's first byte.
    expect(valid.ours).toMatchObject({ status: 0, stdout: '5858\n' });
    expect(listedDifference(['-x', '10', '-a', '', '-q', '', '-d', '2'], valid.ours, valid.theirs)).toBeDefined();
    // A forged tag fails for both; one request, or -g, is the same for both.
    for (const [tag, extra] of [
      ['00e2fcce', ['-d', '2']],
      ['58e2fcce', []],
      ['00e2fcce', []],
      ['58e2fcce', ['-g', '-d', '2']],
    ] as const) {
      const { ours, theirs } = await decrypt(tag, [...extra]);
      expect(disagreement(ours, theirs), `${tag} ${extra.join(' ')}`).toBeUndefined();
    }
  });

  it('-x 10 rfc4106(gcm(aes)) whose AIO request fails: "0 -22" as the reference, with -g "22 -22"', async () => {
    requireAfAlg();
    // rfc4106 takes 16 or 20 bytes of associated data (RFC 4106 §5): 9 fail with EINVAL.
    const args = [
      '-x',
      '10',
      '-e',
      '-c',
      'rfc4106(gcm(aes))',
      '-k',
      `${key}01020304`,
      '-i',
      '0001020304050607',
      '-a',
      '00'.repeat(9),
      '-p',
      input,
      '-l',
      '16',
    ];
    for (const extra of [[], ['-g']]) {
      const { ours, theirs } = await both([...args, ...extra]);
      expect(disagreement(ours, theirs), extra.join(' ')).toBeUndefined();
      expect(ours.stdout).toBe(`Cipher operation of buffer failed: ${extra.length ? 22 : 0} -22\nFailed to invoke testing\n`);
    }
  });
});
