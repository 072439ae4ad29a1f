import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.js';
import { type AccelChoice, chooseAccelerator, forgetWorkingKvm } from './host/accel.js';
import { existingDirectory, extraShares, findQemu, kvmBootLimitMs, planArguments } from './plan/boot-plan.js';
import { cacheRoot } from './host/cache-dir.js';
import { FileFollower } from './host/file-follower.js';
import { consoleTail, GuestBootError } from './plan/guest-error.js';
import { controlFiles } from './protocol/guest-paths.js';
import { jobScript, type Mount, mountsScript } from './guest/guest-scripts.js';
import { guestEnvironment } from './guest/environment.js';
import { ensureInitramfs } from './initramfs/initramfs.js';
import { prepareKernel } from './kernel/kernel-store.js';
import { runInPersistentGuest } from './persistent/persistent-guest.js';
import { type Progress, terminalProgress } from './host/progress.js';
import type { Accel } from './plan/qemu-args.js';
import { resolveSettings } from './settings.js';

export interface RunInGuestOptions {
  /** `6.1` (default), `6.12`, `sid`, or the path of a bzImage. */
  kernel?: string;
  /** Modules of a bzImage given as `kernel` (INSTALL_MOD_PATH root or lib/modules/RELEASE). */
  modules?: string;
  accel?: AccelChoice;
  memMiB?: number;
  cpus?: number;
  /** Seconds the guest may take to reach the command (not a limit on the command). */
  timeoutSec?: number;
  command: string[];
  /** Working directory in the guest (default: process.cwd()); the host's path, seen read-only. */
  cwd?: string;
  /** Variables added to (or overriding) the host variables that pass through (see environment.ts). */
  env?: Record<string, string>;
  stdout?: Writable;
  stderr?: Writable;
  /** Host directories mounted read-write at the same path in the guest. */
  writable?: string[];
  /** Re-resolve the kernel packages (network) even when a kernel is cached. */
  refresh?: boolean;
  /** Stops the guest. */
  signal?: AbortSignal;
  /** Preparation progress; default: on stderr when it is a terminal. */
  progress?: Progress;
  /** Called once the command starts in a freshly booted guest. */
  onBoot?: (boot: BootReport) => void;
  /**
   * Run in the persistent guest of this kernel (`kcapi vm start`) when one runs and shows
   * the working directory and writable folders needed; default true, unless onBoot is given.
   */
  reuse?: boolean;
}

export interface BootReport {
  readonly kernel: string;
  readonly release: string;
  readonly accel: Accel;
  /** From launching qemu to the command starting in the guest. */
  readonly bootMs: number;
  /** CPU time qemu used until then (less sensitive than bootMs to other load on the host). */
  readonly bootCpuMs: number | undefined;
}

/** User + system CPU time of a process, from /proc (clock ticks of 10 ms on Linux). */
async function processCpuMs(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields === undefined || fields.length < 13) return undefined;
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function textOf(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

interface Attempt {
  readonly kind: 'finished' | 'no-boot';
  readonly status?: number;
  readonly message?: string;
  readonly tail?: string[];
}

/** Boots the guest for the prepared run folder and runs the job; streams its output. */
async function attempt(
  qemu: string,
  args: readonly string[],
  runDir: string,
  bootLimitMs: number,
  sinks: { stdout: Writable; stderr: Writable },
  signal: AbortSignal | undefined,
  onStarted: (bootMs: number, bootCpuMs: number | undefined) => void,
): Promise<Attempt> {
  const consoleLog = join(runDir, 'console.log');
  const started = join(runDir, controlFiles.started);
  const launchedAt = performance.now();
  const child: ChildProcess = spawn(qemu, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let qemuErrors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    qemuErrors = (qemuErrors + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolveExit) => {
    child.on('close', () => {
      exited = true;
      resolveExit();
    });
    child.on('error', (error) => {
      qemuErrors += `\n${error.message}`;
      exited = true;
      resolveExit();
    });
  });
  const stop = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', stop, { once: true });
  const tail = async (): Promise<string[]> => [...consoleTail(await textOf(consoleLog)), ...consoleTail(qemuErrors, 5)];
  try {
    while (!existsSync(started)) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (exited) return { kind: 'no-boot', message: 'the guest stopped before the command started', tail: await tail() };
      if (performance.now() - launchedAt > bootLimitMs) {
        stop();
        await exit;
        return { kind: 'no-boot', message: `the guest did not boot within ${Math.round(bootLimitMs / 1000)} s`, tail: await tail() };
      }
      await sleep(20);
    }
    onStarted(performance.now() - launchedAt, await processCpuMs(child.pid));
    const followers = [
      new FileFollower(join(runDir, controlFiles.stdout), sinks.stdout),
      new FileFollower(join(runDir, controlFiles.stderr), sinks.stderr),
    ];
    await exit;
    await Promise.all(followers.map((follower) => follower.finish()));
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const status = (await textOf(join(runDir, controlFiles.status))).trim();
    if (!/^\d+$/.test(status)) {
      throw new GuestBootError('the guest stopped before the command finished', await tail());
    }
    return { kind: 'finished', status: Number(status) };
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
    await exit;
  }
}

async function prepareRunFolder(
  options: RunInGuestOptions,
  cwd: string,
  mounts: readonly Mount[],
): Promise<string> {
  const runDir = await mkdtemp(join(tmpdir(), 'kcapi-vm-'));
  const env = guestEnvironment(process.env, options.env ?? {});
  await writeFile(join(runDir, controlFiles.job), jobScript({ command: options.command, cwd, env }));
  await writeFile(join(runDir, controlFiles.mounts), mountsScript(mounts));
  await writeFile(join(runDir, controlFiles.stdout), '');
  await writeFile(join(runDir, controlFiles.stderr), '');
  return runDir;
}

/**
 * Boots a kernel under QEMU and runs `command` in it with the host's root read-only, the
 * working directory kept, /tmp a tmpfs; the command's stdout and stderr arrive byte-exact
 * on `stdout`/`stderr` while it runs. Resolves to its exit status (127: not found in the
 * guest); rejects (OperationError, GuestBootError, UsageError) when the runner itself fails.
 */
export async function runInGuest(options: RunInGuestOptions): Promise<number> {
  if (options.command.length === 0) throw new UsageError('no command to run in the guest');
  const settings = resolveSettings(options, process.env);
  const root = cacheRoot();
  const cwd = await existingDirectory(resolve(options.cwd ?? process.cwd()), 'the working directory');
  if (options.reuse ?? options.onBoot === undefined) {
    const status = await runInPersistentGuest({
      settings,
      modules: options.modules,
      cwd,
      command: options.command,
      env: options.env ?? {},
      stdout: options.stdout ?? process.stdout,
      stderr: options.stderr ?? process.stderr,
      signal: options.signal,
    });
    if (status !== undefined) return status;
  }
  const progress = options.progress ?? terminalProgress(process.stderr);
  const qemu = await findQemu(settings, progress);
  const { shares, mounts } = await extraShares(cwd, options.writable ?? settings.writable);
  try {
    const kernel = await prepareKernel(settings.kernel, {
      cacheRoot: root,
      modules: options.modules,
      refresh: options.refresh,
      pvh: settings.pvh,
      progress,
    });
    progress.routine(`building the initramfs for ${kernel.release}`);
    // A one-shot guest lives for one command: caching the read-only host root (loose) makes
    // node start in about 1.5 s instead of 7 under TCG. A persistent guest keeps `none` so
    // that it sees rebuilds. The setting none restores uncached reads.
    const rootCache = settings.hostRootCache === 'none' ? undefined : (settings.hostRootCache ?? 'loose');
    const initramfs = await ensureInitramfs({ kernel, cacheRoot: root, hostRootCache: rootCache, progress });
    let accel = await chooseAccelerator(settings.accel, qemu, root);
    const runDir = await prepareRunFolder(options, cwd, mounts);
    try {
      for (;;) {
        const kvmOnTrial = settings.accel === 'auto' && accel === 'kvm';
        const bootLimitMs = settings.timeoutSec * 1000;
        progress.routine(`booting ${kernel.label} (${accel})`);
        const result = await attempt(
          qemu,
          planArguments(settings, kernel, initramfs, accel, runDir, shares),
          runDir,
          kvmOnTrial ? Math.min(bootLimitMs, kvmBootLimitMs) : bootLimitMs,
          { stdout: options.stdout ?? process.stdout, stderr: options.stderr ?? process.stderr },
          options.signal,
          (bootMs, bootCpuMs) => {
            progress.clear();
            options.onBoot?.({ kernel: kernel.label, release: kernel.release, accel, bootMs, bootCpuMs });
          },
        );
        if (result.kind === 'finished') return result.status ?? 0;
        if (kvmOnTrial) {
          await forgetWorkingKvm(qemu, root);
          accel = 'tcg';
          continue;
        }
        throw new GuestBootError(`${result.message ?? 'the guest did not boot'} (kernel ${kernel.label}, ${accel})`, result.tail ?? []);
      }
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  } finally {
    progress.clear();
  }
}
