import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { access, appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  exitStatusOf,
  formatStatus,
  isPublishedRequest,
  type KcapiInvocation,
  parseInvocation,
  requestLayout,
} from '../protocol/request-protocol.js';
import type { RunningJob, WarmKcapi } from './warm-kcapi.js';

/**
 * The persistent guest's request loop (runs in the guest, with only Node's own modules):
 * looks at the control share for requests (see request-protocol.ts) whenever the doorbell
 * rings, and every `pollMs` anyway, and runs each one as soon as it appears, several at a
 * time. One readdir per look keeps a look cheap.
 */
export interface ServeOptions {
  /** The control share as this process sees it. */
  readonly controlDir: string;
  /** The doorbell: a device (or FIFO) where each byte means "look now". */
  readonly doorbell?: string | undefined;
  /** Longest pause between two looks at the requests folder. */
  readonly pollMs?: number;
  readonly shell?: string;
  /** Runs kcapi invocations in warm worker threads; without it every job is a process. */
  readonly warm?: WarmKcapi | undefined;
}

/**
 * Resolves on the next ring or after `ms`, whichever comes first. `cat` reads the doorbell
 * and Node reads its pipe: a blocking read of the device in Node's thread pool would keep
 * the process from exiting.
 */
class Doorbell {
  private wake: (() => void) | undefined;
  private rang = false;
  private readonly reader: ChildProcess | undefined;
  private readonly ready: Promise<void>;

  constructor(path: string | undefined) {
    if (path === undefined) {
      this.ready = Promise.resolve();
      return;
    }
    // Opened read-write: a FIFO then never reports an end of file when a writer leaves.
    const reader = spawn('/bin/sh', ['-c', 'echo >&2; exec cat <>"$1"', 'doorbell', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.reader = reader;
    reader.stdout?.on('data', () => this.ring());
    reader.on('error', () => {});
    // The shell's first line on stderr: it runs, and a FIFO's reader side opens right after.
    this.ready = new Promise((resolve) => {
      reader.stderr?.once('data', () => resolve());
      reader.once('exit', () => resolve());
      reader.once('error', () => resolve());
    });
  }

  private ring(): void {
    this.rang = true;
    this.wake?.();
  }

  opened(): Promise<void> {
    return this.ready;
  }

  async wait(ms: number): Promise<void> {
    if (!this.rang) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.wake = undefined;
    this.rang = false;
  }

  close(): void {
    this.reader?.kill('SIGKILL');
  }
}

export async function serve(options: ServeOptions): Promise<void> {
  const pollMs = options.pollMs ?? 5;
  const shell = options.shell ?? '/bin/sh';
  const doorbell = new Doorbell(options.doorbell);
  const requests = join(options.controlDir, requestLayout.requests);
  await mkdir(requests, { recursive: true });
  const running = new Map<string, RunningJob>();
  const seen = new Set<string>();
  const warm = options.warm;
  warm?.prepare();
  await doorbell.opened();
  await writeFile(join(options.controlDir, requestLayout.ready), `${process.pid}\n`);
  for (;;) {
    const names = await readdir(requests).catch(() => [] as string[]);
    if (names.includes(requestLayout.stop)) break;
    const listed = new Set(names);
    for (const name of seen) if (!listed.has(name)) seen.delete(name);
    for (const name of names) {
      if (seen.has(name) || !isPublishedRequest(name)) continue;
      seen.add(name);
      const dir = join(requests, name);
      if (!(await claim(dir))) continue;
      const invocation = warm === undefined ? undefined : await readInvocation(dir);
      if (warm !== undefined && invocation !== undefined && invocation.node === process.execPath && warm.enterDirectory(invocation.cwd)) {
        process.stderr.write(`kcapi guest server: ${name} runs in a warm worker\n`);
        runWarm(dir, warm, invocation, running, () => runJob(dir, shell, running));
      } else {
        process.stderr.write(`kcapi guest server: ${name} runs in a process\n`);
        runJob(dir, shell, running);
      }
    }
    await killCancelled(running);
    await doorbell.wait(pollMs);
  }
  doorbell.close();
  warm?.close();
  for (const job of running.values()) job.kill();
}

async function readInvocation(dir: string): Promise<KcapiInvocation | undefined> {
  const text = await readFile(join(dir, requestLayout.invocation), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseInvocation(text);
}

/** Publishes the job's exit status (once): written aside, then renamed into place. */
function statusReporter(dir: string, running: Map<string, RunningJob>): (status: number) => void {
  let finished = false;
  return (status) => {
    if (finished) return;
    finished = true;
    running.delete(dir);
    const temporary = join(dir, requestLayout.statusTemporary);
    void writeFile(temporary, formatStatus(status))
      .then(() => rename(temporary, join(dir, requestLayout.status)))
      .catch(() => {});
  };
}

/** A warm worker that could not be had (its start failed) leaves the job to `fallback`, a process. */
function runWarm(dir: string, warm: WarmKcapi, invocation: KcapiInvocation, running: Map<string, RunningJob>, fallback: () => void): void {
  const finish = statusReporter(dir, running);
  warm.run({ argv: invocation.argv, env: invocation.env }, join(dir, requestLayout.stdout), join(dir, requestLayout.stderr)).then(
    (run) => {
      running.set(dir, run);
      void run.status.then(finish);
    },
    (error: unknown) => {
      process.stderr.write(`kcapi guest server: no warm worker (${(error as Error).message}); ${dir} runs in a process\n`);
      fallback();
    },
  );
}

/** mkdir is atomic on the host's file system: whoever creates `claim` owns the request. */
async function claim(dir: string): Promise<boolean> {
  try {
    await mkdir(join(dir, requestLayout.claim));
    return true;
  } catch {
    return false;
  }
}

function runJob(dir: string, shell: string, running: Map<string, RunningJob>): void {
  const finish = statusReporter(dir, running);
  let stdout: number | undefined;
  let stderr: number | undefined;
  try {
    stdout = openSync(join(dir, requestLayout.stdout), 'w');
    stderr = openSync(join(dir, requestLayout.stderr), 'w');
    // Its own process group: cancel and stop reach the command's children too.
    const child = spawn(shell, [join(dir, requestLayout.job)], { cwd: '/', stdio: ['ignore', stdout, stderr], detached: true });
    running.set(dir, { kill: () => killGroup(child) });
    child.on('error', (error) => {
      void appendFile(join(dir, requestLayout.stderr), `kcapi: cannot start the job in the guest: ${error.message}\n`).finally(() =>
        finish(126),
      );
    });
    child.on('exit', (code, signal) => finish(exitStatusOf(code, signal)));
  } catch (error) {
    void appendFile(join(dir, requestLayout.stderr), `kcapi: cannot start the job in the guest: ${(error as Error).message}\n`)
      .catch(() => {})
      .finally(() => finish(126));
  } finally {
    if (stdout !== undefined) closeSync(stdout);
    if (stderr !== undefined) closeSync(stderr);
  }
}

async function killCancelled(running: ReadonlyMap<string, RunningJob>): Promise<void> {
  for (const [dir, job] of running) {
    const cancelled = await access(join(dir, requestLayout.cancel)).then(
      () => true,
      () => false,
    );
    if (cancelled) job.kill();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
