import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationError } from '../../errors.js';
import { packagePath } from '../../package-root.js';
import { guestEnvironment } from '../guest/environment.js';
import { jobScript, mountsScript } from '../guest/guest-scripts.js';
import { withLock } from '../host/file-lock.js';
import { isAlive } from '../host/process-check.js';
import { type Progress, terminalProgress } from '../host/progress.js';
import { defaultArch } from '../plan/arch.js';
import { bootGuest, type GuestLauncher, type LaunchOutcome } from '../plan/boot-guest.js';
import type { Device } from '../plan/devices.js';
import { consoleTail, GuestBootError } from '../plan/guest-error.js';
import { type GuestPlan, isHiddenInGuest, isInside, planGuest, writableDirectories } from '../plan/guest-plan.js';
import { controlFiles, guestPaths } from '../protocol/guest-paths.js';
import { type KcapiInvocation, requestLayout } from '../protocol/request-protocol.js';
import type { RunInGuestOptions } from '../run-in-guest.js';
import { type RunnerSettings, resolveSettings } from '../settings.js';
import { ringDoorbell, runRequest, sweepAbandonedRequests } from './guest-request.js';
import { allGuestStates, type GuestRecord, GuestState, stateFiles } from './guest-state.js';

/**
 * A guest that stays up and serves commands: booted by `kcapi vm start`, used by later
 * `kcapi vm -- ...` and `kcapi --vm ...` calls of the same kernel, ended by `kcapi vm stop`.
 * Its boot job is the request loop of guest-server.ts; requests travel through the control
 * share (request-protocol.ts).
 */

/** The boot options of a one-shot run; a started guest keeps them for every later command. */
export interface StartOptions extends Pick<
  RunInGuestOptions,
  'kernel' | 'modules' | 'arch' | 'devices' | 'accel' | 'memMiB' | 'cpus' | 'timeoutSec' | 'writable' | 'refresh'
> {
  progress?: Progress;
}

export interface StartResult {
  readonly record: GuestRecord;
  readonly state: GuestState;
  /** False when a healthy guest of this kernel was already running. */
  readonly booted: boolean;
}

/** How long a running guest's server may take to claim a request before the guest counts as stuck. */
const acceptLimitMs = 20_000;
/** Time allowed for Node to start the server once the kernel has booted. */
const serverStartLimitMs = 120_000;
const stopLimitMs = 30_000;

/** The built guest-server entry point (dist/vm), also when this module runs from src/ under vitest or from the bundled CLI. */
function serverEntry(): string {
  const path = packagePath('dist', 'vm', 'guest', 'guest-server-main.js');
  if (existsSync(path)) return path;
  throw new OperationError('the guest server is not built (dist/vm/guest/guest-server-main.js): run npm run build');
}

class Discard extends Writable {
  override _write(_chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }
}

/** Round trip of an empty job through the guest's server, in ms; undefined if it did not answer in time. */
export async function pingGuest(state: GuestState, record: GuestRecord, limitMs = 10_000): Promise<number | undefined> {
  const startedAt = performance.now();
  const outcome = await runRequest({
    controlDir: state.controlDir,
    job: 'exit 0\n',
    stdout: new Discard(),
    stderr: new Discard(),
    acceptLimitMs: limitMs,
    guestAlive: () => state.isRunning(record),
    doorbell: state.doorbell,
  });
  return outcome.kind === 'finished' && outcome.status === 0 ? performance.now() - startedAt : undefined;
}

async function terminate(pid: number, graceMs: number): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!isAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (const deadline = performance.now() + graceMs; performance.now() < deadline && isAlive(pid);) await sleep(50);
  }
}

/** Kills the recorded qemu if it is still ours and removes the state. */
async function discard(state: GuestState, record: GuestRecord | undefined): Promise<void> {
  if (record !== undefined && state.isRunning(record)) await terminate(record.pid, 2_000);
  await rm(state.dir, { recursive: true, force: true });
}

/** Under the guest's lock: drops the state if it still describes `pid` (another process may have replaced it). */
async function discardIfStill(state: GuestState, pid: number): Promise<void> {
  await withLock(state.lockDir, async () => {
    const record = await state.read();
    if (record === undefined || record.pid === pid) await discard(state, record);
  });
}

/** Launches qemu detached (it outlives this process) and waits for the server's ready file. */
async function launch(
  qemu: string,
  args: readonly string[],
  state: GuestState,
  bootLimitMs: number,
): Promise<LaunchOutcome<{ child: ChildProcess; bootMs: number }>> {
  const ready = join(state.controlDir, requestLayout.ready);
  const started = join(state.controlDir, controlFiles.started);
  const log = openSync(join(state.dir, stateFiles.qemuLog), 'w');
  const launchedAt = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(qemu, args, { stdio: ['ignore', 'ignore', log], detached: true });
  } finally {
    closeSync(log);
  }
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.on('error', () => {
    exited = true;
  });
  for (;;) {
    if (existsSync(ready) && child.pid !== undefined) return { booted: { child, bootMs: performance.now() - launchedAt } };
    const elapsed = performance.now() - launchedAt;
    const limit = existsSync(started) ? bootLimitMs + serverStartLimitMs : bootLimitMs;
    if (exited || elapsed > limit) {
      if (!exited && child.pid !== undefined) await terminate(child.pid, 2_000);
      const serverErrors = await readFile(join(state.controlDir, controlFiles.stderr), 'utf8').catch(() => '');
      const why = exited
        ? 'the guest stopped before its server was ready'
        : `the guest's server was not ready within ${Math.round(limit / 1000)} s`;
      const tail = consoleTail(await readFile(state.consoleLog, 'utf8').catch(() => ''));
      return { failure: `${why}${serverErrors.trim() === '' ? '' : `: ${serverErrors.trim().split('\n').slice(-1)[0]}`}`, tail };
    }
    await sleep(50);
  }
}

/** A started guest: its boot job is the request server; the launch lasts until the server is ready. */
function persistentLauncher(plan: GuestPlan, state: GuestState, warm: boolean): GuestLauncher<{ child: ChildProcess; bootMs: number }> {
  return {
    folders: { controlDir: state.controlDir, doorbell: state.doorbell },
    async prepare() {
      await rm(state.dir, { recursive: true, force: true });
      await mkdir(join(state.controlDir, requestLayout.requests), { recursive: true });
      const fifo = spawnSync('mkfifo', ['-m', '600', state.doorbell], { encoding: 'utf8' });
      if (fifo.status !== 0)
        throw new OperationError(`cannot create the doorbell FIFO ${state.doorbell}: ${(fifo.stderr ?? fifo.error?.message ?? '').trim()}`);
      const server = [process.execPath, serverEntry(), guestPaths.control, guestPaths.kernelRoot, ...(warm ? [] : ['cold'])];
      await writeFile(
        join(state.controlDir, controlFiles.job),
        jobScript({ command: server, cwd: '/', env: guestEnvironment(process.env) }),
      );
      await writeFile(join(state.controlDir, controlFiles.mounts), mountsScript(plan.mounts));
      await writeFile(join(state.controlDir, controlFiles.stdout), '');
      await writeFile(join(state.controlDir, controlFiles.stderr), '');
    },
    launch: (args, _accel, limitMs) => launch(plan.qemu, args, state, limitMs),
    describe: (accel) => `booting a persistent ${plan.kernel.label} guest (${accel})`,
  };
}

async function boot(settings: RunnerSettings, options: StartOptions, state: GuestState): Promise<GuestRecord> {
  const progress = options.progress ?? terminalProgress(process.stderr);
  try {
    const devices = options.devices ?? [];
    const plan = await planGuest(
      {
        settings,
        arch: options.arch ?? defaultArch,
        devices,
        modules: options.modules,
        refresh: options.refresh,
        cwd: '/',
        hostRootCache: settings.hostRootCache,
      },
      progress,
    );
    const { result, accel } = await bootGuest(plan, persistentLauncher(plan, state, settings.warm), progress).catch(
      async (error: unknown) => {
        if (error instanceof GuestBootError) await rm(state.dir, { recursive: true, force: true });
        throw error;
      },
    );
    result.child.unref();
    const record: GuestRecord = {
      kernel: settings.kernel,
      modules: options.modules,
      label: plan.kernel.label,
      release: plan.kernel.release,
      accel,
      cpus: settings.cpus,
      memMiB: settings.memMiB,
      writable: plan.writable,
      ...(devices.length > 0 && { devices }),
      pid: result.child.pid as number,
      startedAt: Date.now(),
      bootMs: Math.round(result.bootMs),
    };
    await state.write(record);
    return record;
  } finally {
    progress.clear();
  }
}

/** Boots a persistent guest for the kernel unless a healthy one runs; a stale one is replaced. */
export async function startGuest(options: StartOptions): Promise<StartResult> {
  const settings = resolveSettings(options, process.env);
  const state = GuestState.of(settings.kernel, options.modules);
  await mkdir(join(state.dir, '..'), { recursive: true });
  return withLock(state.lockDir, async () => {
    const existing = await state.read();
    if (existing !== undefined && state.isRunning(existing) && (await pingGuest(state, existing)) !== undefined) {
      return { record: existing, state, booted: false };
    }
    await discard(state, existing);
    return { record: await boot(settings, options, state), state, booted: true };
  });
}

/** `killed`: it did not power off in time. */
export type StopOutcome = 'stopped' | 'killed' | 'not-running' | 'stale';

/** Asks the guest's server to end (the guest then powers off); kills qemu if it does not. */
export async function stopGuest(state: GuestState): Promise<{ outcome: StopOutcome; record?: GuestRecord; detail?: string }> {
  if ((await state.read()) === undefined) return { outcome: 'not-running' };
  return withLock(state.lockDir, async () => {
    const record = await state.read();
    if (record === undefined) return { outcome: 'not-running' };
    if (!state.isRunning(record)) {
      await discard(state, record);
      return { outcome: 'stale', record };
    }
    await writeFile(join(state.controlDir, requestLayout.requests, requestLayout.stop), '').catch(() => {});
    ringDoorbell(state.doorbell);
    for (const deadline = performance.now() + stopLimitMs; performance.now() < deadline && isAlive(record.pid);) await sleep(50);
    const clean = !isAlive(record.pid);
    const detail = clean ? undefined : await stopDiagnosis(state);
    await discard(state, record);
    return { outcome: clean ? 'stopped' : 'killed', record, ...(detail !== undefined && { detail }) };
  });
}

/** What the guest got done of its shutdown, for a guest that had to be killed. */
async function stopDiagnosis(state: GuestState): Promise<string> {
  const serverLog = (await readFile(join(state.controlDir, controlFiles.stderr), 'utf8').catch(() => '')).trim().split('\n');
  const status = (await readFile(join(state.controlDir, controlFiles.status), 'utf8').catch(() => '')).trim();
  const consoleLines = consoleTail(await readFile(state.consoleLog, 'utf8').catch(() => ''), 1);
  return [
    `server: ${serverLog.at(-1) ?? 'no output'}`,
    `boot job status: ${status === '' ? 'none' : status}`,
    `console: ${consoleLines[0] ?? 'empty'}`,
  ].join('; ');
}

export interface GuestListing {
  readonly state: GuestState;
  readonly record: GuestRecord;
  /** Round trip of an empty job in ms; undefined: qemu runs but the server does not answer. */
  readonly pingMs?: number | undefined;
  readonly running: boolean;
}

/** The persistent guests; stale ones (qemu gone) are listed once and cleaned up. */
export async function listGuests(): Promise<GuestListing[]> {
  const listings: GuestListing[] = [];
  for (const state of await allGuestStates()) {
    const record = await state.read();
    if (record === undefined) continue;
    if (!state.isRunning(record)) {
      await discardIfStill(state, record.pid);
      listings.push({ state, record, running: false });
      continue;
    }
    listings.push({ state, record, running: true, pingMs: await pingGuest(state, record, 5_000) });
  }
  return listings;
}

export interface PersistentRequest {
  readonly settings: RunnerSettings;
  readonly modules?: string | undefined;
  readonly devices: readonly Device[];
  readonly cwd: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly signal?: AbortSignal | undefined;
}

/** The command as a kcapi invocation when it is this package's CLI started by this node. */
function kcapiInvocation(command: readonly string[], cwd: string, env: Readonly<Record<string, string>>): KcapiInvocation | undefined {
  const [node, script, ...argv] = command;
  if (node !== process.execPath || script !== packagePath('bin', 'kcapi.js')) return undefined;
  return { node, argv, cwd, env };
}

/** Whether a guest started with `record`'s shares and devices has what the request needs. */
function canServe(record: GuestRecord, cwd: string, writable: readonly string[], devices: readonly Device[]): boolean {
  if (!devices.every((device) => (record.devices ?? []).includes(device))) return false;
  const covered = (dir: string): boolean => record.writable.some((shared) => isInside(dir, shared));
  if (isHiddenInGuest(cwd) && !covered(cwd)) return false;
  return writable.every(covered);
}

/**
 * Runs the command in the running persistent guest of its kernel; undefined when there is
 * none that can serve it (none started, its qemu gone, stuck, or missing a needed share),
 * and the caller boots a fresh guest instead. Stale state is cleaned up on the way.
 */
export async function runInPersistentGuest(request: PersistentRequest): Promise<number | undefined> {
  const state = GuestState.of(request.settings.kernel, request.modules);
  const record = await state.read();
  if (record === undefined) return undefined;
  if (!state.isRunning(record)) {
    await discardIfStill(state, record.pid);
    return undefined;
  }
  if (!canServe(record, request.cwd, await writableDirectories(request.settings.writable), request.devices)) return undefined;
  await sweepAbandonedRequests(state.controlDir);
  const env = guestEnvironment(process.env, request.env);
  const outcome = await runRequest({
    controlDir: state.controlDir,
    job: jobScript({ command: request.command, cwd: request.cwd, env }),
    invocation: kcapiInvocation(request.command, request.cwd, env),
    stdout: request.stdout,
    stderr: request.stderr,
    acceptLimitMs,
    guestAlive: () => state.isRunning(record),
    signal: request.signal,
    doorbell: state.doorbell,
  });
  if (outcome.kind === 'finished') return outcome.status;
  if (outcome.kind === 'not-accepted') {
    await discardIfStill(state, record.pid);
    return undefined;
  }
  const tail = consoleTail(await readFile(state.consoleLog, 'utf8').catch(() => ''));
  await discardIfStill(state, record.pid);
  throw new GuestBootError(`the persistent ${record.label} guest stopped before the command finished`, tail);
}
