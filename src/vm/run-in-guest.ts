import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.js';
import type { AccelChoice } from './host/accel.js';
import { FileFollower } from './host/file-follower.js';
import { processCpuMs } from './host/process-check.js';
import { type Progress, terminalProgress } from './host/progress.js';
import { guestEnvironment } from './guest/environment.js';
import { jobScript, mountsScript } from './guest/guest-scripts.js';
import { runInPersistentGuest } from './persistent/persistent-guest.js';
import { defaultArch, type Arch } from './plan/arch.js';
import { bootGuest, type GuestLauncher, type LaunchOutcome } from './plan/boot-guest.js';
import type { Device } from './plan/devices.js';
import { consoleTail, GuestBootError } from './plan/guest-error.js';
import { existingDirectory, type GuestPlan, planGuest } from './plan/guest-plan.js';
import type { Accel } from './plan/qemu-args.js';
import { controlFiles } from './protocol/guest-paths.js';
import { resolveSettings } from './settings.js';

export interface RunInGuestOptions {
  /** `6.1` (default), `6.12`, `sid`, or the path of a bzImage. */
  kernel?: string;
  /** Modules of a bzImage given as `kernel` (INSTALL_MOD_PATH root or lib/modules/RELEASE). */
  modules?: string;
  /** The guest's architecture (default x86_64, the only one today). */
  arch?: Arch;
  /** Devices the guest gets besides its fixed ones (default none). */
  devices?: Device[];
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

function textOf(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
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
): Promise<LaunchOutcome<number>> {
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
      if (exited) return { failure: 'the guest stopped before the command started', tail: await tail() };
      if (performance.now() - launchedAt > bootLimitMs) {
        stop();
        await exit;
        return { failure: `the guest did not boot within ${Math.round(bootLimitMs / 1000)} s`, tail: await tail() };
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
    return { booted: Number(status) };
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
    await exit;
  }
}

/** A one-shot guest: its boot job is the command; the launch lasts until the guest powers off. */
function oneShotLauncher(
  plan: GuestPlan,
  options: RunInGuestOptions,
  cwd: string,
  runDir: string,
  progress: Progress,
): GuestLauncher<number> {
  return {
    folders: { controlDir: runDir },
    async prepare() {
      const env = guestEnvironment(process.env, options.env ?? {});
      await writeFile(join(runDir, controlFiles.job), jobScript({ command: options.command, cwd, env }));
      await writeFile(join(runDir, controlFiles.mounts), mountsScript(plan.mounts));
      await writeFile(join(runDir, controlFiles.stdout), '');
      await writeFile(join(runDir, controlFiles.stderr), '');
    },
    launch: (args, accel, limitMs) =>
      attempt(
        plan.qemu,
        args,
        runDir,
        limitMs,
        { stdout: options.stdout ?? process.stdout, stderr: options.stderr ?? process.stderr },
        options.signal,
        (bootMs, bootCpuMs) => {
          progress.clear();
          options.onBoot?.({ kernel: plan.kernel.label, release: plan.kernel.release, accel, bootMs, bootCpuMs });
        },
      ),
    describe: (accel) => `booting ${plan.kernel.label} (${accel})`,
  };
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
  const cwd = await existingDirectory(resolve(options.cwd ?? process.cwd()), 'the working directory');
  if (options.reuse ?? options.onBoot === undefined) {
    const status = await runInPersistentGuest({
      settings,
      modules: options.modules,
      devices: options.devices ?? [],
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
  try {
    // A one-shot guest lives for one command: caching the read-only host root (loose) makes
    // node start in about 1.5 s instead of 7 under TCG. A persistent guest keeps `none` so
    // that it sees rebuilds. The setting none restores uncached reads.
    const rootCache = settings.hostRootCache === 'none' ? undefined : (settings.hostRootCache ?? 'loose');
    const plan = await planGuest(
      {
        settings,
        arch: options.arch ?? defaultArch,
        devices: options.devices ?? [],
        modules: options.modules,
        refresh: options.refresh,
        cwd,
        hostRootCache: rootCache,
      },
      progress,
    );
    const runDir = await mkdtemp(join(tmpdir(), 'kcapi-vm-'));
    try {
      const { result } = await bootGuest(plan, oneShotLauncher(plan, options, cwd, runDir, progress), progress);
      return result;
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  } finally {
    progress.clear();
  }
}
