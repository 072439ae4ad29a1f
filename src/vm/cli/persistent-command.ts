import { resolveSettings } from '../settings.js';
import { GuestState, type GuestRecord } from '../persistent/guest-state.js';
import { listGuests, startGuest, type StartOptions, stopGuest } from '../persistent/persistent-guest.js';

/** `kcapi vm start|stop|status`: does the work and writes what happened to `write`; returns the exit status. */
export type GuestManagement =
  | { readonly kind: 'start'; readonly options: StartOptions }
  | { readonly kind: 'stop'; readonly all: boolean; readonly kernel?: string; readonly modules?: string }
  | { readonly kind: 'status' };

export function describeGuest(record: GuestRecord): string {
  return `${record.kernel} guest (${record.release}, ${record.accel}, ${record.cpus} CPU${record.cpus === 1 ? '' : 's'}, ${record.memMiB} MiB)`;
}

export function formatUptime(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => `${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}\n`)
    .join('');
}

function kernelOption(record: GuestRecord): string {
  return `--kernel ${record.kernel}${record.modules === undefined ? '' : ` --modules ${record.modules}`}`;
}

export async function manageGuests(request: GuestManagement, write: (text: string) => void): Promise<number> {
  if (request.kind === 'start') {
    const { record, state, booted } = await startGuest(request.options);
    write(
      booted
        ? `kcapi vm: the ${describeGuest(record)} is ready after ${(record.bootMs / 1000).toFixed(1)} s; qemu pid ${record.pid}\n`
        : `kcapi vm: the ${describeGuest(record)} was already running (up ${formatUptime(Date.now() - record.startedAt)}); qemu pid ${record.pid}\n`,
    );
    write(`kcapi vm: state in ${state.dir}${record.writable.length > 0 ? `; writable: ${record.writable.join(' ')}` : ''}\n`);
    write(`kcapi vm: kcapi vm -- COMMAND and kcapi --vm now run in it; end it with kcapi vm stop ${kernelOption(record)}\n`);
    return 0;
  }
  if (request.kind === 'stop') {
    const states = request.all
      ? (await listGuests()).filter((guest) => guest.running).map((guest) => guest.state)
      : [GuestState.of(resolveSettings({ kernel: request.kernel }, process.env).kernel, request.modules)];
    if (states.length === 0) write('kcapi vm: no persistent guest is running\n');
    for (const state of states) {
      const { outcome, record, detail } = await stopGuest(state);
      if (outcome === 'not-running')
        write(`kcapi vm: no persistent guest of kernel ${request.kernel ?? resolveSettings({}, process.env).kernel} is running\n`);
      else if (outcome === 'stale' && record !== undefined)
        write(`kcapi vm: the ${record.kernel} guest (qemu pid ${record.pid}) was already gone; cleaned up its state\n`);
      else if (outcome === 'killed' && record !== undefined)
        write(`kcapi vm: the ${describeGuest(record)} did not power off in time; killed qemu pid ${record.pid} (${detail ?? ''})\n`);
      else if (record !== undefined) write(`kcapi vm: stopped the ${describeGuest(record)}, qemu pid ${record.pid}\n`);
    }
    return 0;
  }
  const guests = await listGuests();
  if (guests.length === 0) {
    write('kcapi vm: no persistent guest is running\n');
    return 0;
  }
  const rows = guests.map(({ record, running, pingMs, state }) => [
    record.kernel,
    record.release,
    record.accel,
    String(record.pid),
    formatUptime(Date.now() - record.startedAt),
    !running ? 'gone (cleaned up)' : pingMs === undefined ? 'not answering' : `answers in ${Math.round(pingMs)} ms`,
    record.writable.length === 0 ? '-' : record.writable.join(':'),
    state.dir,
  ]);
  write(table([['KERNEL', 'RELEASE', 'ACCEL', 'PID', 'UP', 'STATE', 'WRITABLE', 'STATE FOLDER'], ...rows]));
  return 0;
}
