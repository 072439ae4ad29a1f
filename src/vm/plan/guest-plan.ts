import { constants, existsSync } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError, UsageError } from '../../errors.js';
import { packagePath } from '../../package-root.js';
import type { Mount } from '../guest/guest-scripts.js';
import { shareTags } from '../protocol/guest-paths.js';
import { type AccelChoice, chooseAccelerator } from '../host/accel.js';
import { cacheRoot } from '../host/cache-dir.js';
import { ensureProgram } from '../host/host-tools.js';
import type { Progress } from '../host/progress.js';
import { ensureInitramfs } from '../initramfs/initramfs.js';
import { type PreparedKernel, prepareKernel } from '../kernel/kernel-store.js';
import { type RunnerSettings, settingsVariables } from '../settings.js';
import { type Arch, architectures } from './arch.js';
import { type Device, deviceTable } from './devices.js';
import { type Accel, doorbellArguments, kernelCommandLine, qemuArguments, type Share } from './qemu-args.js';
import { doorbellPortName } from '../protocol/request-protocol.js';

/**
 * One guest, planned: everything a boot needs (qemu, kernel, initramfs, shares, accelerator)
 * found or prepared, for one-shot and started guests alike. Architecture and devices are
 * parameters of the plan; the qemu command line is a function of it.
 */
export interface GuestPlan {
  readonly arch: Arch;
  readonly devices: readonly Device[];
  readonly qemu: string;
  readonly kernel: PreparedKernel;
  readonly initramfs: string;
  /** As asked for: under auto, a KVM guest that does not boot is retried under TCG. */
  readonly accelChoice: AccelChoice;
  /** The accelerator of the first attempt. */
  readonly accel: Accel;
  readonly cpus: number;
  readonly memMiB: number;
  /** Shares beyond the fixed ones, and their mounts in the guest. */
  readonly shares: readonly Share[];
  readonly mounts: readonly Mount[];
  /** Writable folders, real paths. */
  readonly writable: readonly string[];
  readonly extraKernelParameters: readonly string[];
  readonly extraQemuArguments: readonly string[];
  readonly bootLimitMs: number;
  readonly cacheRoot: string;
}

export interface GuestRequest {
  readonly settings: RunnerSettings;
  readonly arch: Arch;
  readonly devices: readonly Device[];
  /** Modules of a bzImage kernel. */
  readonly modules?: string | undefined;
  readonly refresh?: boolean | undefined;
  /** The command's working directory (shared when the guest would hide it); / for a started guest. */
  readonly cwd: string;
  /** 9p cache mode of the host root. */
  readonly hostRootCache: string | undefined;
}

/** Host folders the guest covers with its own tmpfs. */
const hiddenInGuest = ['/tmp', '/run'];

export async function findQemu(settings: RunnerSettings, arch: Arch, progress: Progress): Promise<string> {
  const explicit = settings.qemu;
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new OperationError(`${settingsVariables.qemu} names ${explicit}, which does not exist`);
    return explicit;
  }
  const spec = architectures[arch];
  return ensureProgram(spec.qemuProgram, spec.qemuPackage, progress);
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
export async function extraShares(
  cwd: string,
  writable: readonly string[],
): Promise<{ shares: Share[]; mounts: Mount[]; writable: string[] }> {
  const shares: Share[] = [];
  const mounts: Mount[] = [];
  const add = (hostPath: string, readonly: boolean): void => {
    const tag = `x${shares.length + 1}`;
    shares.push({ tag, hostPath, readonly });
    mounts.push({ tag, guestPath: hostPath, readonly });
  };
  const writableDirs = await writableDirectories(writable);
  for (const dir of writableDirs) add(dir, false);
  // The working directory and the package itself (the guest runs its dist/, a started guest
  // whatever the working directory) are shared read-only at their paths when below a folder the
  // guest's own tmpfs hides (a checkout under /tmp); the outer one first, so that it does not
  // cover the inner one. /tmp itself stays the guest's.
  for (const dir of [cwd, packagePath()].sort((a, b) => a.length - b.length)) {
    const covered = [...writableDirs, ...shares.map((share) => share.hostPath)].some((shared) => isInside(dir, shared));
    if (isHiddenInGuest(dir) && !covered) add(dir, true);
  }
  return { shares, mounts, writable: writableDirs };
}

/**
 * Finds qemu, checks the shares, prepares the kernel and its initramfs and chooses the
 * accelerator: the steps every boot takes, in this order.
 */
export async function planGuest(request: GuestRequest, progress: Progress): Promise<GuestPlan> {
  const { settings } = request;
  const root = cacheRoot();
  const qemu = await findQemu(settings, request.arch, progress);
  const { shares, mounts, writable } = await extraShares(request.cwd, settings.writable);
  const kernel = await prepareKernel(settings.kernel, {
    cacheRoot: root,
    modules: request.modules,
    refresh: request.refresh,
    pvh: settings.pvh,
    progress,
  });
  progress.routine(`building the initramfs for ${kernel.release}`);
  const initramfs = await ensureInitramfs({
    kernel,
    cacheRoot: root,
    hostRootCache: request.hostRootCache,
    deviceModules: request.devices.flatMap((device) => deviceTable[device].guestModules),
    progress,
  });
  const accel = await chooseAccelerator(settings.accel, qemu, root);
  return {
    arch: request.arch,
    devices: request.devices,
    qemu,
    kernel,
    initramfs,
    accelChoice: settings.accel,
    accel,
    cpus: settings.cpus,
    memMiB: settings.memMiB,
    shares,
    mounts,
    writable,
    extraKernelParameters: settings.extraKernelParameters,
    extraQemuArguments: settings.extraQemuArguments,
    bootLimitMs: settings.timeoutSec * 1000,
    cacheRoot: root,
  };
}

/** Where a boot keeps its control share and, for a started guest, its doorbell FIFO. */
export interface BootFolders {
  readonly controlDir: string;
  readonly doorbell?: string | undefined;
}

/** The qemu arguments of the plan under `accel`. */
export function guestArguments(plan: GuestPlan, accel: Accel, folders: BootFolders): string[] {
  const spec = architectures[plan.arch];
  const shares: Share[] = [
    { tag: shareTags.hostRoot, hostPath: '/', readonly: true },
    { tag: shareTags.control, hostPath: folders.controlDir, readonly: false },
    ...(plan.kernel.modulesDir === undefined ? [] : [{ tag: shareTags.kernelRoot, hostPath: plan.kernel.modulesDir, readonly: true }]),
    ...plan.shares,
  ];
  const args = qemuArguments({
    arch: plan.arch,
    accel,
    cpus: plan.cpus,
    memMiB: plan.memMiB,
    kernelImage: spec.bootImage(plan.kernel),
    initramfs: plan.initramfs,
    kernelCommandLine: kernelCommandLine(plan.extraKernelParameters, plan.arch),
    consoleLog: join(folders.controlDir, 'console.log'),
    shares,
    bios: spec.firmware !== undefined && existsSync(spec.firmware) ? spec.firmware : undefined,
    devices: plan.devices,
  });
  const doorbell = folders.doorbell === undefined ? [] : doorbellArguments(folders.doorbell, doorbellPortName);
  return [...args, ...plan.extraQemuArguments, ...doorbell];
}
