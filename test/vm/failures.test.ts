import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OperationError } from '../../src/errors.js';
import { GuestBootError, runInGuest } from '../../src/vm/index.js';
import { prepareKernel } from '../../src/vm/kernel/kernel-store.js';
import { cacheRoot } from '../../src/vm/host/cache-dir.js';
import { silentProgress } from '../../src/vm/host/progress.js';
import { probeAccelerator, probeFirmware, chooseAccelerator } from '../../src/vm/host/accel.js';
import { guest } from './guest-helpers.js';

const work = mkdtempSync(join(tmpdir(), 'kcapi-vm-fail-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a command that cannot run', () => {
  it('is reported with status 127 when it does not exist in the guest', async () => {
    const result = await guest({ command: ['kcapi-no-such-command', '--flag'] });
    expect(result.status).toBe(127);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr.toString()).toBe('kcapi: command not found in the guest: kcapi-no-such-command\n');
  });
});

describe('a kernel that does not boot', () => {
  it('is rejected at once when the file is not a kernel image', async () => {
    const garbage = join(work, 'garbage-bzImage');
    writeFileSync(garbage, Buffer.alloc(100_000, 0x5a));
    await expect(runInGuest({ kernel: garbage, command: ['true'] })).rejects.toThrow(
      new OperationError(`${garbage} is not an x86 Linux kernel image (bzImage)`),
    );
  });

  it('fails with the console tail when the guest does not reach the command in time', async () => {
    // A real Debian image with its compressed payload damaged: the header is fine, the
    // decompressor is not.
    const kernel = await prepareKernel('6.1', { cacheRoot: cacheRoot(), progress: silentProgress });
    const image = readFileSync(kernel.image);
    for (let offset = 0x20000; offset < image.length - 0x1000; offset += 0x1000) image[offset] = (image[offset] ?? 0) ^ 0xff;
    const broken = join(work, 'broken-bzImage');
    writeFileSync(broken, image);
    const started = Date.now();
    const failure = await runInGuest({ kernel: broken, command: ['true'], timeoutSec: 20, accel: 'tcg' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GuestBootError);
    const { message, consoleTail } = failure as GuestBootError;
    expect(message).toMatch(/^the guest (did not boot within 20 s|stopped before the command started) \(kernel .*broken-bzImage, tcg\)$/);
    expect(consoleTail.join('\n')).toMatch(/Decompressing|crc error|System halted|Kernel panic|invalid|corrupt/i);
    expect(Date.now() - started).toBeLessThan(120_000);
  });
});

describe('qemu', () => {
  it('missing is one clear error naming the package', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = work;
    try {
      await expect(runInGuest({ command: ['true'] })).rejects.toThrow(
        'qemu-system-x86_64 not found: install it with `apt-get install qemu-system-x86`',
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('runs the KVM probe firmware under TCG, and `auto` decides within seconds', async () => {
    const firmware = join(work, 'probe.bin');
    writeFileSync(firmware, probeFirmware());
    expect(await probeAccelerator('qemu-system-x86_64', 'tcg', firmware, 60_000)).toBe(true);
    const probeCache = mkdtempSync(join(work, 'cache-'));
    const started = Date.now();
    expect(['kvm', 'tcg']).toContain(await chooseAccelerator('auto', 'qemu-system-x86_64', probeCache));
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
