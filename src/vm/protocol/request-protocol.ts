import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';

/**
 * How a host process and the persistent guest's server talk through the control share.
 *
 * The host builds a request in `requests/.new-ID/` (job.sh, empty stdout and stderr, owner)
 * and publishes it by renaming it to `requests/ID/`. The server claims it by creating
 * `claim/` in it (mkdir is atomic: a host that gave up waiting withdraws the request the
 * same way, and only one of them wins), runs `/bin/sh job.sh` with stdout and stderr on the
 * request's files (or, for a kcapi invocation described in `kcapi.json`, in one of its warm
 * worker threads: see warm-kcapi.ts), and finally renames `status.tmp` to `status`. The host removes the
 * folder once it has read everything. `cancel` asks the server to kill the job; a
 * `.stop` entry in `requests/` makes the server kill every job and exit.
 *
 * 9p tells the guest nothing about the host's changes, and polling a share costs an
 * emulated guest dearly, so the host rings a doorbell after each change: a byte written to
 * a FIFO that qemu forwards to a virtio-serial port the server reads. The server still
 * looks on its own once a second, in case a ring was lost.
 */
export const requestLayout = {
  /** Folder of the control share holding one folder per request. */
  requests: 'requests',
  /** Written by the server once it polls for requests. */
  ready: 'server-ready',
  stop: '.stop',
  newPrefix: '.new-',
  job: 'job.sh',
  /** For a kcapi invocation, beside job.sh: lets the server run it in a warm worker thread. */
  invocation: 'kcapi.json',
  stdout: 'stdout',
  stderr: 'stderr',
  owner: 'owner',
  claim: 'claim',
  cancel: 'cancel',
  status: 'status',
  statusTemporary: 'status.tmp',
} as const;

/** `kcapi.json`: a kcapi invocation the server may run without starting a process. */
export interface KcapiInvocation {
  /** The node that job.sh would start: the server runs the invocation itself only if it is its own. */
  readonly node: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export function parseInvocation(text: string): KcapiInvocation | undefined {
  try {
    const value = JSON.parse(text) as Partial<KcapiInvocation>;
    const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
    const env = value.env as unknown;
    const envOk = typeof env === 'object' && env !== null && Object.values(env).every((item) => typeof item === 'string');
    if (typeof value.node !== 'string' || typeof value.cwd !== 'string' || !strings(value.argv) || !envOk) return undefined;
    return value as KcapiInvocation;
  } catch {
    return undefined;
  }
}

/** Name of the doorbell's virtio-serial port (/sys/class/virtio-ports/<vport>/name in the guest). */
export const doorbellPortName = 'kcapi.doorbell';

/** A request id: unique across host processes, and a plain file name. */
export function newRequestId(pid: number = process.pid): string {
  return `${pid}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Whether a name listed in the requests folder is a published request. */
export function isPublishedRequest(name: string): boolean {
  return !name.startsWith('.') && /^[A-Za-z0-9_-]+$/.test(name);
}

/** A process's end as a shell reports it: the exit code, or 128 + the signal number. */
export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal === null ? undefined : constants.signals[signal];
  return 128 + (number ?? 0);
}

/** The content of a `status` file, or undefined while it is not a complete number. */
export function parseStatus(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) && text.endsWith('\n') ? Number(trimmed) : undefined;
}

export function formatStatus(status: number): string {
  return `${status}\n`;
}
