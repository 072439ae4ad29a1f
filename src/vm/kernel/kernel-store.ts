import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OperationError, UsageError } from '../../errors.js';
import { payloadPackages, releaseOfImagePackage } from './apt-output.js';
import { PrivateApt } from './apt.js';
import { bzImagePayload, bzImageRelease } from './bzimage.js';
import { hasPvhEntry } from './elf.js';
import { ensureDirectory, publishDirectory, temporarySibling, writeFileAtomic } from '../host/cache-dir.js';
import { withLock } from '../host/file-lock.js';
import { runHostProgramOrFail } from '../host/host-process.js';
import { ensureProgram } from '../host/host-tools.js';
import { type CatalogueEntry, imageFromMetaDepends, imageFromNames, parseKernelSpec, repositories } from './kernel-catalogue.js';
import type { Progress } from '../host/progress.js';

/** A kernel ready to boot: its image and, unless everything is built in, its modules. */
export interface PreparedKernel {
  readonly label: string;
  readonly release: string;
  readonly image: string;
  /**
   * What qemu boots when it is not `image`: the kernel ELF unpacked from an xz-compressed
   * bzImage (see pvhImage).
   */
  readonly bootImage?: string | undefined;
  /** The lib/modules/RELEASE directory (with modules.dep), if the kernel has modules. */
  readonly modulesDir?: string | undefined;
}

interface KernelPointer {
  readonly release: string;
  readonly packages: readonly string[];
}

export async function prepareKernel(
  text: string,
  options: {
    cacheRoot: string;
    modules?: string | undefined;
    refresh?: boolean | undefined;
    pvh?: boolean | undefined;
    progress: Progress;
  },
): Promise<PreparedKernel> {
  const spec = parseKernelSpec(text, (path) => existsSync(path) && statSync(path).isFile());
  if (spec.kind === 'image') return userKernel(spec.path, options.modules, options.progress);
  if (options.modules !== undefined) throw new UsageError('--modules goes with a kernel image path, not a packaged kernel');
  return debianKernel(spec.entry, options.cacheRoot, options.refresh ?? false, options.pvh ?? true, options.progress);
}

async function userKernel(imagePath: string, modules: string | undefined, progress: Progress): Promise<PreparedKernel> {
  const image = resolve(imagePath);
  const header = Buffer.alloc(0x4000);
  try {
    const handle = await open(image, 'r');
    try {
      await handle.read(header, 0, header.length, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new OperationError(`cannot read the kernel image ${image}: ${(error as Error).message}`);
  }
  const headerRelease = bzImageRelease(header);
  if (headerRelease === undefined) throw new OperationError(`${image} is not an x86 Linux kernel image (bzImage)`);
  if (modules === undefined) return { label: image, release: headerRelease, image };
  const modulesDir = await locateModulesDir(resolve(modules), headerRelease, progress);
  return { label: image, release: modulesDir.release, image, modulesDir: modulesDir.path };
}

/**
 * `--modules` may name an INSTALL_MOD_PATH root (lib/modules/RELEASE inside), a
 * lib/modules directory, or the RELEASE directory itself.
 */
async function locateModulesDir(dir: string, release: string, progress: Progress): Promise<{ path: string; release: string }> {
  const candidates = [join(dir, 'lib', 'modules', release), join(dir, release), dir];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'modules.order')) || existsSync(join(candidate, 'modules.dep')));
  if (found === undefined) {
    throw new OperationError(`no kernel modules for ${release} in ${dir} (expected lib/modules/${release}/modules.dep)`);
  }
  if (!existsSync(join(found, 'modules.dep'))) {
    const tail = join('lib', 'modules', release);
    if (!found.endsWith(tail)) throw new OperationError(`${found} has no modules.dep: run depmod for it`);
    const depmod = await ensureProgram('depmod', 'kmod', progress);
    await runHostProgramOrFail(depmod, ['-b', found.slice(0, -tail.length) || '/', release], 'depmod');
  }
  return { path: found, release };
}

async function debianKernel(
  entry: CatalogueEntry,
  cacheRoot: string,
  refresh: boolean,
  pvh: boolean,
  progress: Progress,
): Promise<PreparedKernel> {
  const kernelsDir = await ensureDirectory(join(cacheRoot, 'kernels'));
  const pointerFile = join(kernelsDir, `${entry.name}.json`);
  const fromPointer = async (): Promise<PreparedKernel | undefined> => {
    const pointer = JSON.parse(await readFile(pointerFile, 'utf8').catch(() => 'null')) as KernelPointer | null;
    if (pointer === null) return undefined;
    const dir = join(kernelsDir, pointer.release);
    if (!existsSync(join(dir, 'vmlinuz')) || !existsSync(join(dir, 'lib', 'modules', pointer.release, 'modules.dep'))) return undefined;
    return {
      label: `${entry.name} (${pointer.release})`,
      release: pointer.release,
      image: join(dir, 'vmlinuz'),
      bootImage: pvh ? await pvhImage(dir, progress) : undefined,
      modulesDir: join(dir, 'lib', 'modules', pointer.release),
    };
  };
  if (!refresh) {
    const ready = await fromPointer();
    if (ready !== undefined) return ready;
  }
  return withLock(
    join(kernelsDir, `${entry.name}.lock`),
    async () => {
      if (!refresh) {
        const ready = await fromPointer();
        if (ready !== undefined) return ready;
      }
      const apt = await PrivateApt.create(join(cacheRoot, 'apt', entry.repository), repositories[entry.repository]);
      await apt.update(progress, refresh);
      const image = await resolveImagePackage(apt, entry);
      const release = releaseOfImagePackage(image);
      const packages = payloadPackages(image, await apt.depends(image));
      const kernelDir = join(kernelsDir, release);
      if (!existsSync(join(kernelDir, 'vmlinuz'))) {
        const debs = await apt.download(packages, join(cacheRoot, 'debs'), progress);
        await unpackKernel(debs, release, kernelDir, progress);
        for (const deb of debs) await rm(deb, { force: true });
      }
      await writeFileAtomic(pointerFile, `${JSON.stringify({ release, packages } satisfies KernelPointer)}\n`);
      const ready = await fromPointer();
      if (ready === undefined) throw new OperationError(`the unpacked kernel ${release} is incomplete (${kernelDir})`);
      return ready;
    },
    () => progress.show(`waiting for another kcapi to prepare kernel ${entry.name}`),
  );
}

/**
 * Debian's 6.1 kernel is xz-compressed, and under TCG its decompressor alone takes about four
 * seconds of every boot (the zstd kernels of 6.12 and sid, a fraction of one). Unpacked once
 * on the host (xz), the kernel ELF boots through its PVH entry, which qemu's -kernel supports,
 * without the decompressor. Cached beside the image; undefined (boot the bzImage) when the
 * image is not xz, has no PVH entry or xz is missing; not asked for when the settings say
 * so (pvh false).
 */
async function pvhImage(dir: string, progress: Progress): Promise<string | undefined> {
  const unpacked = join(dir, 'vmlinux.pvh');
  const refused = join(dir, 'vmlinux.pvh.none');
  if (existsSync(unpacked)) return unpacked;
  if (existsSync(refused)) return undefined;
  const payload = bzImagePayload(await readFile(join(dir, 'vmlinuz')));
  if (payload === undefined || payload.format !== 'xz') {
    await writeFileAtomic(refused, `${payload?.format ?? 'not a bzImage'}\n`).catch(() => {});
    return undefined;
  }
  progress.show('unpacking the xz kernel once for faster boots');
  const xz = spawnSync('xz', ['-dc', '--single-stream'], { input: payload.bytes, maxBuffer: 1 << 29 });
  progress.clear();
  if (xz.status !== 0 || !Buffer.isBuffer(xz.stdout) || !hasPvhEntry(xz.stdout)) {
    if (xz.status === 0) await writeFileAtomic(refused, 'no PVH entry\n').catch(() => {});
    return undefined;
  }
  await writeFileAtomic(unpacked, xz.stdout);
  return unpacked;
}

async function resolveImagePackage(apt: PrivateApt, entry: CatalogueEntry): Promise<string> {
  const image =
    entry.image.kind === 'meta-dependency'
      ? imageFromMetaDepends(await apt.depends(entry.image.metaPackage))
      : imageFromNames(await apt.packageNames(entry.image.prefix), entry.image.pattern);
  if (image === undefined) {
    throw new OperationError(`no kernel package found for ${entry.name} (${entry.description}); is the Debian mirror reachable?`);
  }
  return image;
}

/**
 * Unpacks the packages (not installed: no bootloader, no initramfs hooks) and lays them
 * out as vmlinuz + lib/modules/RELEASE, with plain .ko modules (busybox insmod does not
 * decompress) and a fresh depmod index.
 */
async function unpackKernel(debs: readonly string[], release: string, kernelDir: string, progress: Progress): Promise<void> {
  const work = temporarySibling(kernelDir);
  await mkdir(work, { recursive: true });
  try {
    for (const [index, deb] of debs.entries()) {
      progress.show(`unpacking ${deb.slice(deb.lastIndexOf('/') + 1)}`, index / debs.length);
      await runHostProgramOrFail('dpkg-deb', ['-x', deb, work], `unpacking ${deb}`, { missingHint: 'dpkg-deb comes with dpkg' });
    }
    const modulesDir = join(work, 'lib', 'modules', release);
    const mergedUsrModules = join(work, 'usr', 'lib', 'modules', release);
    if (!existsSync(modulesDir) && existsSync(mergedUsrModules)) {
      await mkdir(join(work, 'lib', 'modules'), { recursive: true });
      await rename(mergedUsrModules, modulesDir);
    }
    const imageCandidates = [join(work, 'boot', `vmlinuz-${release}`), join(modulesDir, 'vmlinuz')];
    const image = imageCandidates.find((candidate) => existsSync(candidate));
    if (image === undefined) throw new OperationError(`no kernel image (vmlinuz) in the packages for ${release}`);
    await rename(image, join(work, 'vmlinuz'));
    if (!existsSync(modulesDir)) throw new OperationError(`no modules directory for ${release} in its packages`);
    await decompressModules(modulesDir, progress);
    progress.show(`indexing the modules of ${release}`);
    const depmod = await ensureProgram('depmod', 'kmod', progress);
    await runHostProgramOrFail(depmod, ['-b', work, release], 'depmod');
    await rm(join(work, 'usr', 'share'), { recursive: true, force: true });
    if (existsSync(kernelDir) && !existsSync(join(kernelDir, 'vmlinuz'))) {
      // An interrupted or foreign layout: set aside (a guest may still be reading it).
      await rename(kernelDir, temporarySibling(`${kernelDir}.stale`));
    }
    await publishDirectory(work, kernelDir);
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

const decompressors: readonly { suffix: string; program: string; args: readonly string[]; debianPackage: string }[] = [
  { suffix: '.ko.xz', program: 'xz', args: ['-d', '-q'], debianPackage: 'xz-utils' },
  { suffix: '.ko.zst', program: 'zstd', args: ['-d', '-q', '--rm'], debianPackage: 'zstd' },
  { suffix: '.ko.gz', program: 'gzip', args: ['-d'], debianPackage: 'gzip' },
];

async function decompressModules(modulesDir: string, progress: Progress): Promise<void> {
  const files = await listFiles(modulesDir);
  for (const decompressor of decompressors) {
    const compressed = files.filter((file) => file.endsWith(decompressor.suffix));
    if (compressed.length === 0) continue;
    const program = await ensureProgram(decompressor.program, decompressor.debianPackage, progress);
    const batches: string[][] = [];
    for (let i = 0; i < compressed.length; i += 250) batches.push(compressed.slice(i, i + 250));
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
        await runHostProgramOrFail(program, [...decompressor.args, '--', ...batch], 'decompressing modules');
        done += batch.length;
        progress.show(`decompressing ${compressed.length} modules`, done / compressed.length);
      }
    };
    await Promise.all([worker(), worker()]);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}
