import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';

/**
 * How a host process and the persistent guest's server talk through the control share.
 *
 * The host builds a request in `requests/.new-ID/` (job.sh, empty stdout and stderr, owner)
 * and publishes it by renaming it to `requests/ID/`. The server claims it by creating
 * `claim/` in it (mkdir is atomic: a host that gave up waiting withdraws the request the
 * same way, and only one of them wins), runs `/bin/sh job.sh` with stdout and stderr on the
 * request's files, and finally renames `status.tmp` to `status`. The host removes the
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
  stdout: 'stdout',
  stderr: 'stderr',
  owner: 'owner',
  claim: 'claim',
  cancel: 'cancel',
  status: 'status',
  statusTemporary: 'status.tmp',
} as const;

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
