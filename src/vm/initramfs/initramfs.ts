import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError } from '../../errors.js';
import { ensureHostTool } from '../host/host-tools.js';
import type { Progress } from '../host/progress.js';
import { ensureDirectory, writeFileAtomic } from '../host/cache-dir.js';
import { type CpioEntry, cpioArchive } from './cpio.js';
import { isStaticElf } from '../kernel/elf.js';
import { guestPaths } from '../protocol/guest-paths.js';
import { helperAliasTable, initScript, moduleHelperScript } from '../guest/guest-scripts.js';
import type { PreparedKernel } from '../kernel/kernel-store.js';
import { cryptoAliasTable, loadOrder, moduleName, type ModuleIndex, parseModuleIndex } from '../kernel/module-index.js';

/** Modules needed before the host's root is reachable: virtio PCI and 9p over virtio (with dependencies). */
export const bootModuleNames = ['virtio_pci', '9pnet_virtio', '9p'] as const;
/** Loaded at boot, so that AF_ALG sockets and crypto netlink work without module requests. */
export const cryptoModuleNames = ['af_alg', 'algif_skcipher', 'algif_hash', 'algif_aead', 'algif_rng', 'crypto_user'] as const;

const busyboxApplets = ['sh', 'awk', 'mount', 'insmod', 'chroot', 'mkdir', 'ln', 'reboot', 'cat', 'echo', 'sleep', 'ls', 'dmesg'];
const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox', '/sbin/busybox', '/usr/sbin/busybox'];

export interface InitramfsOptions {
  readonly kernel: PreparedKernel;
  readonly cacheRoot: string;
  readonly hostRootCache?: string | undefined;
  /** Modules of the guest's devices (see devices.ts), loaded at boot after the crypto ones. */
  readonly deviceModules?: readonly string[] | undefined;
  readonly progress: Progress;
}

async function staticBusybox(progress: Progress): Promise<Buffer> {
  return ensureHostTool(
    'a statically linked busybox',
    'busybox-static',
    async () => {
      for (const candidate of busyboxCandidates) {
        if (!existsSync(candidate)) continue;
        const bytes = await readFile(candidate);
        if (isStaticElf(bytes)) return bytes;
      }
      return undefined;
    },
    progress,
  );
}

async function readIndex(modulesDir: string): Promise<ModuleIndex> {
  const read = (name: string): Promise<string> => readFile(join(modulesDir, name), 'utf8').catch(() => '');
  return parseModuleIndex({
    dep: await read('modules.dep'),
    alias: await read('modules.alias'),
    softdep: await read('modules.softdep'),
    builtin: await read('modules.builtin'),
  });
}

/** A module file as busybox insmod needs it: uncompressed. */
async function moduleBytes(path: string): Promise<Buffer> {
  const program = path.endsWith('.xz') ? 'xz' : path.endsWith('.zst') ? 'zstd' : path.endsWith('.gz') ? 'gzip' : undefined;
  if (program === undefined) return readFile(path);
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(program, ['-dc', path], { maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new OperationError(`cannot decompress ${path} with ${program}`);
  return result.stdout;
}

/** The initramfs for `kernel`, built once per content and kept in the cache. */
export async function ensureInitramfs(options: InitramfsOptions): Promise<string> {
  const { kernel } = options;
  const entries: CpioEntry[] = [
    ...['bin', 'sbin', 'etc', 'etc/kcapi', 'lib', 'lib/kcapi', 'proc', 'sys', 'dev', 'mnt', 'tmp', 'run'].map((path): CpioEntry => ({
      type: 'directory',
      path,
    })),
    { type: 'char-device', path: 'dev/console', major: 5, minor: 1 },
    { type: 'file', path: 'bin/busybox', data: await staticBusybox(options.progress), mode: 0o755 },
    ...busyboxApplets.map((applet): CpioEntry => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
  ];
  const bootPaths: string[] = [];
  const cryptoPaths: string[] = [];
  if (kernel.modulesDir !== undefined) {
    const index = await readIndex(kernel.modulesDir);
    const boot = loadOrder(index, bootModuleNames);
    const crypto = loadOrder(index, [...cryptoModuleNames, ...(options.deviceModules ?? [])]).filter((path) => !boot.includes(path));
    for (const [paths, list] of [
      [boot, bootPaths],
      [crypto, cryptoPaths],
    ] as const) {
      for (const path of paths) {
        const target = `${guestPaths.bootModules}/${moduleName(path)}.ko`;
        entries.push({ type: 'file', path: target.slice(1), data: await moduleBytes(join(kernel.modulesDir, path)) });
        list.push(target);
      }
    }
    entries.push(
      { type: 'file', path: guestPaths.aliasTable.slice(1), data: Buffer.from(helperAliasTable(cryptoAliasTable(index), moduleName)) },
      { type: 'file', path: guestPaths.moduleHelper.slice(1), data: Buffer.from(moduleHelperScript(kernel.release)), mode: 0o755 },
    );
  }
  const init = initScript({
    bootModules: bootPaths,
    cryptoModules: cryptoPaths,
    modulesRelease: kernel.modulesDir === undefined ? undefined : kernel.release,
    hostRootCache: options.hostRootCache,
  });
  entries.push({ type: 'file', path: 'init', data: Buffer.from(init), mode: 0o755 });
  const archive = cpioArchive(entries);
  const digest = createHash('sha256').update(archive).digest('hex').slice(0, 16);
  const dir = await ensureDirectory(join(options.cacheRoot, 'initramfs'));
  const file = join(dir, `${kernel.release.replace(/[^A-Za-z0-9.+_-]/g, '_')}-${digest}.cpio`);
  if (!existsSync(file)) await writeFileAtomic(file, archive);
  return file;
}
