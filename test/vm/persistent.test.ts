import { execFile } from 'node:child_process';
import { randomBytes } from '../helpers/seeded-random.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/vm/host/process-check.js';

// The persistent guest through the built CLI (`npm run build` first), with its state in a
// private XDG_RUNTIME_DIR so that it is nobody else's guest.
const root = new URL('../..', import.meta.url).pathname;
const runtime = mkdtempSync(join(tmpdir(), 'kcapi-vm-persistent-run-'));
const shared = mkdtempSync(join(tmpdir(), 'kcapi-vm-persistent-rw-'));
const stateDir = join(runtime, 'kcapi', '6.1');
const env = { ...process.env, XDG_RUNTIME_DIR: runtime, KCAPI_VM_KERNEL: '', KCAPI_VM_WRITABLE: '' };

interface Run {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

function kcapi(args: string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'bin/kcapi.js'), ...args],
      { cwd, env, encoding: 'buffer', maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

function qemuPid(): number {
  return (JSON.parse(readFileSync(join(stateDir, 'guest.json'), 'utf8')) as { pid: number }).pid;
}

const bootId = ['sh', '-c', 'cat /proc/sys/kernel/random/boot_id'];

describe('a persistent 6.1 guest', () => {
  const out = randomBytes(400_000);
  const err = randomBytes(70_001);
  let firstBoot = '';

  beforeAll(() => {
    writeFileSync(join(shared, 'out.bin'), out);
    writeFileSync(join(shared, 'err.bin'), err);
  });

  afterAll(async () => {
    await kcapi(['vm', 'stop', '--all']);
    rmSync(runtime, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  });

  it('stop with nothing running is a clean message', async () => {
    const result = await kcapi(['vm', 'stop']);
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout.toString()).toBe('kcapi vm: no persistent guest of kernel 6.1 is running\n');
  });

  it('starts, says where its state lives, and shows in status', async () => {
    const started = await kcapi(['vm', 'start', '--writable', shared]);
    expect(started.stderr.toString()).toBe('');
    expect(started.status).toBe(0);
    expect(started.stdout.toString()).toMatch(/the 6\.1 guest \(6\.1\.\d+-\d+-amd64, (tcg|kvm), .*\) is ready after/);
    expect(started.stdout.toString()).toContain(`state in ${stateDir}; writable: ${shared}`);
    expect(isAlive(qemuPid())).toBe(true);
    const status = await kcapi(['vm', 'status']);
    expect(status.stdout.toString()).toMatch(new RegExp(`^6\\.1 +6\\.1\\.\\S+ +\\S+ +${qemuPid()} .*answers in \\d+ ms`, 'm'));
  });

  it('runs invocations in it with their own outputs and statuses, byte-exact and separate', async () => {
    const binary = await kcapi(['vm', '--', 'sh', '-c', 'cat out.bin; cat err.bin >&2; exit 3'], shared);
    expect(binary.status).toBe(3);
    expect(binary.stdout.equals(out)).toBe(true);
    expect(binary.stderr.equals(err)).toBe(true);

    // NIST FIPS 180-2 example "abc".
    const digest = await kcapi(['--vm', '-x', '3', '-c', 'sha256', '-p', '616263']);
    expect(digest).toMatchObject({ status: 0 });
    expect(digest.stdout.toString()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n');
    expect(digest.stderr.toString()).toBe('');

    const facts = await kcapi([
      'vm',
      '-e',
      'KCAPI_T=it is set',
      '--',
      'sh',
      '-c',
      'echo "$KCAPI_T|$(pwd)|$(uname -r)"; cat /proc/sys/kernel/random/boot_id; echo to-stderr >&2; exit 42',
    ]);
    expect(facts.status).toBe(42);
    const [line, id] = facts.stdout.toString().split('\n');
    expect(line).toMatch(new RegExp(`^it is set\\|${root.replace(/\/$/, '')}\\|6\\.1\\.\\d+-\\d+-amd64$`));
    expect(facts.stderr.toString()).toBe('to-stderr\n');
    firstBoot = id ?? '';

    // Still the same guest: no boot happened in between.
    const again = await kcapi(['vm', ...bootId]);
    expect(again.stdout.toString().trim()).toBe(firstBoot);
  });

  // Each kcapi --vm invocation runs in a worker thread the guest server prepared (no Node start);
  // it must behave exactly as the process it replaces.
  it('runs kcapi --vm invocations in warm workers, with the statuses, stderr, environment and directory of a process', async () => {
    const serverLog = (): string => readFileSync(join(stateDir, 'control', 'stderr'), 'utf8');
    const before = serverLog().split('runs in a warm worker').length;

    const unknown = await kcapi(['--vm', '-x', '3', '-c', 'no-such-hash', '-p', '00']);
    expect(unknown.status).toBe(3);
    expect(unknown.stdout.toString()).toBe('Allocation of hash no-such-hash failed\nFailed to invoke testing\n');
    expect(unknown.stderr.toString()).toMatch(/^kcapi: .*no-such-hash.*\n$/);

    const badSeed = await new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [join(root, 'bin/kcapi.js'), '--vm', '-h', '-x', '1', '-c', 'cbc(aes)', '-d', '1'],
        { env: { ...env, KCAPI_FUZZ_SEED: 'not-a-number' }, encoding: 'buffer' },
        (error, stdout, stderr) => resolve({ status: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
    });
    expect(badSeed.status).toBe(2);
    expect(badSeed.stderr.toString()).toContain('KCAPI_FUZZ_SEED must be an integer');

    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?", read from files in
    // two directories at once (worker threads share one working directory: one of the two runs
    // as a process).
    writeFileSync(join(shared, 'key.bin'), 'Jefe');
    writeFileSync(join(shared, 'data.bin'), 'what do ya want for nothing?');
    const hmac = ['--vm', '-x', '3', '-c', 'hmac(sha256)', '-k', '@key.bin', '-p', '@data.bin'];
    const [here, there] = await Promise.all([kcapi(hmac, shared), kcapi(['--vm', '-x', '3', '-c', 'sha256', '-p', '616263'], root)]);
    expect(here).toMatchObject({ status: 0 });
    expect(here.stdout.toString()).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\n');
    expect(there.stdout.toString()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n');

    // A reader that goes away early is no failure, as for a local run.
    const piped = await new Promise<Run>((resolve) => {
      const command = `"${process.execPath}" "${join(root, 'bin/kcapi.js')}" --vm -x 1 -e -c "cbc(aes)" -k ${'00'.repeat(16)} -i ${'00'.repeat(16)} -p ${'00'.repeat(16)} -d 20000 | head -1`;
      execFile('/bin/sh', ['-c', command], { env, encoding: 'buffer' }, (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
    });
    expect(piped.stdout.toString()).toBe('66e94bd4ef8a2c3b884cfa59ca342b2e\n');
    expect(piped.stderr.toString()).toBe('');

    expect(serverLog().split('runs in a warm worker').length - before).toBeGreaterThanOrEqual(4);
  });

  it('keeps two concurrent invocations apart', async () => {
    const job = (name: string, status: number): string[] => [
      'vm',
      '--',
      'sh',
      '-c',
      `i=0; while [ $i -lt 300 ]; do echo ${name}$i; echo ${name}-err$i >&2; i=$((i+1)); done; exit ${status}`,
    ];
    const [a, b] = await Promise.all([kcapi(job('A', 5)), kcapi(job('B', 6))]);
    const expected = (name: string, suffix = ''): string => Array.from({ length: 300 }, (_, i) => `${name}${suffix}${i}\n`).join('');
    expect([a.status, b.status]).toEqual([5, 6]);
    expect(a.stdout.toString()).toBe(expected('A'));
    expect(a.stderr.toString()).toBe(expected('A', '-err'));
    expect(b.stdout.toString()).toBe(expected('B'));
    expect(b.stderr.toString()).toBe(expected('B', '-err'));
  });

  it('is detected as stale once its qemu was killed, and the next use boots fresh', async () => {
    const pid = qemuPid();
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    const fresh = await kcapi(['vm', ...bootId]);
    expect(fresh.status).toBe(0);
    expect(fresh.stdout.toString().trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.stdout.toString().trim()).not.toBe(firstBoot);
    expect(existsSync(join(stateDir, 'guest.json'))).toBe(false);
    expect((await kcapi(['vm', 'status'])).stdout.toString()).toBe('kcapi vm: no persistent guest is running\n');
  });

  it('stops cleanly, after which stop says nothing runs', async () => {
    expect((await kcapi(['vm', 'start'])).status).toBe(0);
    const pid = qemuPid();
    const stopped = await kcapi(['vm', 'stop']);
    expect(stopped.status).toBe(0);
    expect(stopped.stdout.toString()).toMatch(new RegExp(`^kcapi vm: stopped the 6\\.1 guest .*qemu pid ${pid}\\n$`));
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(stateDir)).toBe(false);
    expect((await kcapi(['vm', 'stop'])).stdout.toString()).toBe('kcapi vm: no persistent guest of kernel 6.1 is running\n');
  });
});
