import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileFollower } from '../host/file-follower.js';
import { isAlive } from '../host/process-check.js';
import { type KcapiInvocation, newRequestId, parseStatus, requestLayout } from '../protocol/request-protocol.js';

export interface RequestOptions {
  /** The control share, on the host. */
  readonly controlDir: string;
  /** The job script (see jobScript). */
  readonly job: string;
  /** When the job is a kcapi invocation: the same described for the server's warm workers. */
  readonly invocation?: KcapiInvocation | undefined;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** How long the server may take to claim the request before it is withdrawn. */
  readonly acceptLimitMs: number;
  /** Whether the guest still runs (checked while waiting). */
  readonly guestAlive: () => boolean;
  readonly signal?: AbortSignal | undefined;
  /** The host end of the guest's doorbell (a FIFO), rung after each change. */
  readonly doorbell?: string | undefined;
  readonly pollMs?: number;
}

export type RequestOutcome =
  | { readonly kind: 'finished'; readonly status: number }
  /** Nothing ran: the server did not claim the request in time, and it was withdrawn. */
  | { readonly kind: 'not-accepted' }
  /** The guest stopped while the job ran (its output so far was delivered). */
  | { readonly kind: 'guest-gone' };

const guestCheckMs = 200;
/** After a cancel, how long the job may take to be killed and report. */
const cancelGraceMs = 5_000;

/** Wakes the guest's server; false when nothing reads the doorbell (qemu is gone). */
export function ringDoorbell(fifo: string | undefined): boolean {
  if (fifo === undefined) return true;
  try {
    const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      writeSync(fd, 'r');
    } catch {
      // A full FIFO already holds rings enough.
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

async function tryMkdir(path: string): Promise<boolean> {
  try {
    await mkdir(path);
    return true;
  } catch {
    return false;
  }
}

async function readStatus(dir: string): Promise<number | undefined> {
  return parseStatus(await readFile(join(dir, requestLayout.status), 'utf8').catch(() => ''));
}

/** Publishes a request folder complete, with one rename. */
async function publish(requests: string, id: string, job: string, invocation: KcapiInvocation | undefined): Promise<string> {
  const draft = join(requests, `${requestLayout.newPrefix}${id}`);
  await mkdir(draft);
  await writeFile(join(draft, requestLayout.job), job);
  if (invocation !== undefined) await writeFile(join(draft, requestLayout.invocation), JSON.stringify(invocation));
  await writeFile(join(draft, requestLayout.stdout), '');
  await writeFile(join(draft, requestLayout.stderr), '');
  await writeFile(join(draft, requestLayout.owner), `${process.pid}\n`);
  const dir = join(requests, id);
  await rename(draft, dir);
  return dir;
}

/**
 * Runs one job in the persistent guest: streams its stdout and stderr byte-exact to the
 * sinks while it runs and resolves to how it ended. An abort cancels the job and rejects.
 */
export async function runRequest(options: RequestOptions): Promise<RequestOutcome> {
  const pollMs = options.pollMs ?? 5;
  const dir = await publish(join(options.controlDir, requestLayout.requests), newRequestId(), options.job, options.invocation);
  ringDoorbell(options.doorbell);
  const followers = [
    new FileFollower(join(dir, requestLayout.stdout), options.stdout, pollMs),
    new FileFollower(join(dir, requestLayout.stderr), options.stderr, pollMs),
  ];
  const startedAt = performance.now();
  let claimed = false;
  let cancelledAt: number | undefined;
  let lastGuestCheck = startedAt;
  try {
    for (;;) {
      const status = await readStatus(dir);
      if (status !== undefined) {
        await Promise.all(followers.map((follower) => follower.finish()));
        if (cancelledAt !== undefined) throw options.signal?.reason ?? new Error('aborted');
        return { kind: 'finished', status };
      }
      const now = performance.now();
      if (options.signal?.aborted && cancelledAt === undefined) {
        cancelledAt = now;
        await writeFile(join(dir, requestLayout.cancel), '').catch(() => {});
        ringDoorbell(options.doorbell);
      }
      if (cancelledAt !== undefined && now - cancelledAt > cancelGraceMs) throw options.signal?.reason ?? new Error('aborted');
      if (!claimed && now - startedAt > options.acceptLimitMs) {
        // Our claim wins unless the server has just claimed it.
        if (await tryMkdir(join(dir, requestLayout.claim))) return { kind: 'not-accepted' };
        claimed = true;
      }
      if (now - lastGuestCheck > guestCheckMs) {
        lastGuestCheck = now;
        if (!options.guestAlive()) {
          // The job may have finished just before the guest went away.
          const late = await readStatus(dir);
          await Promise.all(followers.map((follower) => follower.finish()));
          return late === undefined ? { kind: 'guest-gone' } : { kind: 'finished', status: late };
        }
      }
      await sleep(pollMs);
    }
  } finally {
    await Promise.all(followers.map((follower) => follower.finish().catch(() => {})));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Requests left behind by host processes that died while waiting: cancels their jobs and
 * removes their folders once the jobs ended (or right away when nothing runs them).
 */
export async function sweepAbandonedRequests(controlDir: string): Promise<void> {
  const requests = join(controlDir, requestLayout.requests);
  for (const name of await readdir(requests).catch(() => [] as string[])) {
    const dir = join(requests, name);
    const owner = Number((await readFile(join(dir, requestLayout.owner), 'utf8').catch(() => '')).trim());
    if (!(owner > 0) || isAlive(owner)) continue;
    const done = existsSync(join(dir, requestLayout.status)) || !existsSync(join(dir, requestLayout.claim));
    if (done) await rm(dir, { recursive: true, force: true });
    else await writeFile(join(dir, requestLayout.cancel), '').catch(() => {});
  }
}
