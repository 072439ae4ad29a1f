import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { packagePath } from '../../package-root.js';
import { serve } from './guest-server.js';
import { doorbellPortName } from '../protocol/request-protocol.js';
import { WarmKcapi } from './warm-kcapi.js';

/**
 * `node guest-server-main.js CONTROL_DIR KERNEL_ROOT [cold]`: the persistent guest's boot job
 * (runs in the guest's chroot). Loads virtio_console from the shared module tree and serves
 * requests woken by the doorbell port; without the port it looks every 25 ms instead.
 * `cold`: every kcapi invocation runs as a process (the host's settings say so).
 */
const [controlDir, kernelRoot, mode] = process.argv.slice(2);

function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** The doorbell port's device, once its module is loaded and the port has shown up. */
function doorbellDevice(): string | undefined {
  if (kernelRoot !== undefined) spawnSync('/sbin/modprobe', ['-q', '-d', kernelRoot, 'virtio_console'], { stdio: 'ignore' });
  const ports = '/sys/class/virtio-ports';
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const named = readOr(() => readdirSync(ports), []).find(
      (port) => readOr(() => readFileSync(`${ports}/${port}/name`, 'utf8').trim(), '') === doorbellPortName,
    );
    if (named !== undefined) return `/dev/${named}`;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return undefined;
}

if (controlDir === undefined) {
  process.stderr.write('usage: guest-server-main.js CONTROL_DIR [KERNEL_ROOT [cold]]\n');
  process.exitCode = 2;
} else {
  const doorbell = doorbellDevice();
  process.stderr.write(
    doorbell === undefined
      ? 'kcapi guest server: no doorbell port; looking for requests every 25 ms\n'
      : `kcapi guest server: doorbell ${doorbell}\n`,
  );
  const warm =
    mode === 'cold'
      ? undefined
      : WarmKcapi.create(packagePath('dist', 'vm', 'guest', 'kcapi-worker.js'), packagePath('dist', 'cli-bundle', 'main.cjs'));
  await serve({ controlDir, doorbell, pollMs: doorbell === undefined ? 25 : 1000, warm });
  process.stderr.write('kcapi guest server: stopped\n');
  // A read of the doorbell may still be pending in the thread pool.
  process.exit(0);
}
