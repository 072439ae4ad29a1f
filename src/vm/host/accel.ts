import { spawn } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirectory, writeFileAtomic } from './cache-dir.js';
import type { Accel } from '../plan/qemu-args.js';

export type AccelChoice = Accel | 'auto';

/**
 * A 64 KiB firmware image whose reset vector (the last 16 bytes) writes 1 to port 0xf4,
 * where an isa-debug-exit device ends qemu with status (1 << 1) | 1 = 3. It proves that the
 * accelerator really runs guest code, which /dev/kvm existing does not.
 */
export function probeFirmware(): Buffer {
  const image = Buffer.alloc(0x10000, 0xf4); // hlt everywhere
  Buffer.from([0xb0, 0x01, 0xe6, 0xf4, 0xf4, 0xeb, 0xfd]).copy(image, 0xfff0); // mov al,1; out 0xf4,al; hlt; jmp $-1
  return image;
}

const probeExitStatus = 3;

export function probeArguments(accel: Accel, firmware: string): string[] {
  return [
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-machine',
    'pc',
    '-m',
    '16',
    ...(accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg']),
    '-bios',
    firmware,
    '-device',
    'isa-debug-exit,iobase=0xf4,iosize=0x01',
  ];
}

/** Runs the probe firmware under `accel`; true only if it reached its exit port in time. */
export function probeAccelerator(qemu: string, accel: Accel, firmware: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(qemu, probeArguments(accel, firmware), { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', () => resolve(false));
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve(status === probeExitStatus);
    });
  });
}

async function probeCache(qemu: string, cacheRoot: string): Promise<{ file: string; key: string }> {
  const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '')).trim();
  const qemuStamp = (await stat(qemu).catch(() => undefined))?.mtimeMs ?? 0;
  const dir = await ensureDirectory(cacheRoot);
  return { file: join(dir, 'kvm-probe.json'), key: `${bootId} ${qemu} ${qemuStamp}` };
}

/**
 * `auto`: KVM when it demonstrably runs guest code (probed once per host boot and qemu
 * binary, with a time limit: on some machines KVM hangs or aborts), otherwise TCG.
 */
export async function chooseAccelerator(choice: AccelChoice, qemu: string, cacheRoot: string): Promise<Accel> {
  if (choice !== 'auto') return choice;
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return 'tcg';
  }
  const { file, key } = await probeCache(qemu, cacheRoot);
  const cached = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as { key: string; works: boolean } | null;
  if (cached?.key === key) return cached.works ? 'kvm' : 'tcg';
  const firmware = join(cacheRoot, 'probe-firmware.bin');
  if (!existsSync(firmware)) await writeFileAtomic(firmware, probeFirmware());
  const works = await probeAccelerator(qemu, 'kvm', firmware, 5_000);
  await writeFileAtomic(file, `${JSON.stringify({ key, works })}\n`);
  return works ? 'kvm' : 'tcg';
}

/** Records that KVM passed the probe but could not boot a kernel: later `auto` runs use TCG. */
export async function forgetWorkingKvm(qemu: string, cacheRoot: string): Promise<void> {
  const { file, key } = await probeCache(qemu, cacheRoot);
  await writeFileAtomic(file, `${JSON.stringify({ key, works: false })}\n`);
}
