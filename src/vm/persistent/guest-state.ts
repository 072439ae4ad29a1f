import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cacheRoot, writeFileAtomic } from '../host/cache-dir.js';
import { commandLineOf, isAlive } from '../host/process-check.js';
import type { Device } from '../plan/devices.js';
import type { Accel } from '../plan/qemu-args.js';

/** Where a persistent guest keeps its state, and what it records about itself. */

export interface GuestRecord {
  /** The kernel as given (`6.1`, `sid`, a bzImage path) and its modules folder, if any. */
  readonly kernel: string;
  readonly modules?: string | undefined;
  readonly label: string;
  readonly release: string;
  readonly accel: Accel;
  readonly cpus: number;
  readonly memMiB: number;
  /** Host folders the guest mounts read-write (real paths). */
  readonly writable: readonly string[];
  /** Devices beyond the fixed ones; absent: none. */
  readonly devices?: readonly Device[] | undefined;
  readonly pid: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly bootMs: number;
}

export const stateFiles = {
  record: 'guest.json',
  control: 'control',
  qemuLog: 'qemu.log',
  console: 'console.log',
  doorbell: 'doorbell',
} as const;

/** $XDG_RUNTIME_DIR/kcapi when that is set, else $XDG_CACHE_HOME/kcapi/run. */
export function stateRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime !== undefined && runtime.startsWith('/') ? join(runtime, 'kcapi') : join(cacheRoot(env), 'run');
}

/** One guest per kernel: a catalogue name is its own key, an image path a digest of the paths. */
export function stateKey(kernel: string, modules?: string): string {
  if (modules === undefined && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(kernel)) return kernel;
  const digest = createHash('sha256')
    .update(`${resolve(kernel)}\0${modules === undefined ? '' : resolve(modules)}`)
    .digest('hex');
  return `image-${digest.slice(0, 12)}`;
}

export class GuestState {
  constructor(readonly dir: string) {}

  static of(kernel: string, modules?: string, env?: Readonly<Record<string, string | undefined>>): GuestState {
    return new GuestState(join(stateRoot(env), stateKey(kernel, modules)));
  }

  get controlDir(): string {
    return join(this.dir, stateFiles.control);
  }

  get lockDir(): string {
    return `${this.dir}.lock`;
  }

  /** The FIFO qemu forwards to the guest server's doorbell port. */
  get doorbell(): string {
    return join(this.dir, stateFiles.doorbell);
  }

  get consoleLog(): string {
    return join(this.controlDir, stateFiles.console);
  }

  async read(): Promise<GuestRecord | undefined> {
    const text = await readFile(join(this.dir, stateFiles.record), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as GuestRecord;
    } catch {
      return undefined;
    }
  }

  write(record: GuestRecord): Promise<void> {
    return writeFileAtomic(join(this.dir, stateFiles.record), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Whether the recorded qemu still runs (and is ours: its command line names our control share). */
  isRunning(record: GuestRecord): boolean {
    return isAlive(record.pid) && commandLineOf(record.pid).some((arg) => arg.includes(this.controlDir));
  }
}

/** Every guest state folder under the state root. */
export async function allGuestStates(env?: Readonly<Record<string, string | undefined>>): Promise<GuestState[]> {
  const root = stateRoot(env);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => new GuestState(join(root, entry.name)));
}
