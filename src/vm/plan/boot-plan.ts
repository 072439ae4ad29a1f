import { constants, existsSync } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError, UsageError } from '../../errors.js';
import type { Mount } from '../guest/guest-scripts.js';
import { shareTags } from '../protocol/guest-paths.js';
import { ensureProgram } from '../host/host-tools.js';
import type { PreparedKernel } from '../kernel/kernel-store.js';
import type { Progress } from '../host/progress.js';
import { type Accel, kernelCommandLine, qemuArguments, type Share } from './qemu-args.js';
import { type RunnerSettings, settingsVariables } from '../settings.js';

/** What a boot needs besides the kernel: qemu, the shares, the qemu command line. */

const qboot = '/usr/share/qemu/qboot.rom';
/** Under `--accel auto`, a KVM guest that has not booted after this long is given up for TCG. */
export const kvmBootLimitMs = 30_000;
/** Host folders the guest covers with its own tmpfs. */
const hiddenInGuest = ['/tmp', '/run'];

export async function findQemu(settings: RunnerSettings, progress: Progress): Promise<string> {
  const explicit = settings.qemu;
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new OperationError(`${settingsVariables.qemu} names ${explicit}, which does not exist`);
    return explicit;
  }
  return ensureProgram('qemu-system-x86_64', 'qemu-system-x86', progress);
}

export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** Whether the guest's own tmpfs hides `cwd` (then it needs a share of its own). */
export function isHiddenInGuest(cwd: string): boolean {
  return hiddenInGuest.some((dir) => isInside(cwd, dir) && cwd !== dir);
}

export async function existingDirectory(path: string, what: string): Promise<string> {
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined || !(await stat(real)).isDirectory()) throw new UsageError(`${what} ${path} is not a directory`);
  return real;
}

/** The real paths of writable folders, checked. */
export async function writableDirectories(writable: readonly string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const dir of writable) {
    const real = await existingDirectory(dir, 'the writable folder');
    await access(real, constants.W_OK).catch(() => {
      throw new UsageError(`the writable folder ${dir} is not writable here`);
    });
    if (real === '/') throw new UsageError('the root folder cannot be shared writable');
    dirs.push(real);
  }
  return dirs;
}

/** Shares beyond the fixed ones: writable folders, and the cwd when the guest would hide it. */
export async function extraShares(cwd: string, writable: readonly string[]): Promise<{ shares: Share[]; mounts: Mount[] }> {
  const shares: Share[] = [];
  const mounts: Mount[] = [];
  const add = (hostPath: string, readonly: boolean): void => {
    const tag = `x${shares.length + 1}`;
    shares.push({ tag, hostPath, readonly });
    mounts.push({ tag, guestPath: hostPath, readonly });
  };
  const writableDirs = await writableDirectories(writable);
  for (const dir of writableDirs) add(dir, false);
  // A working directory below them is shared read-only at its path; /tmp itself stays the guest's.
  if (isHiddenInGuest(cwd) && !writableDirs.some((dir) => isInside(cwd, dir))) add(cwd, true);
  return { shares, mounts };
}

/** The qemu arguments of a boot whose control share is `runDir`. */
export function planArguments(
  settings: RunnerSettings,
  kernel: PreparedKernel,
  initramfs: string,
  accel: Accel,
  runDir: string,
  extra: readonly Share[],
): string[] {
  const shares: Share[] = [
    { tag: shareTags.hostRoot, hostPath: '/', readonly: true },
    { tag: shareTags.control, hostPath: runDir, readonly: false },
    ...(kernel.modulesDir === undefined ? [] : [{ tag: shareTags.kernelRoot, hostPath: kernel.modulesDir, readonly: true }]),
    ...extra,
  ];
  const args = qemuArguments({
    accel,
    cpus: settings.cpus,
    memMiB: settings.memMiB,
    kernelImage: kernel.bootImage ?? kernel.image,
    initramfs,
    kernelCommandLine: kernelCommandLine(settings.extraKernelParameters),
    consoleLog: join(runDir, 'console.log'),
    shares,
    bios: existsSync(qboot) ? qboot : undefined,
  });
  return [...args, ...settings.extraQemuArguments];
}
