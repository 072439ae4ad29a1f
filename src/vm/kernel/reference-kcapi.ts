import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError } from '../../errors.js';
import { PrivateApt } from './apt.js';
import { cacheRoot, publishDirectory, temporarySibling } from '../host/cache-dir.js';
import { runHostProgramOrFail } from '../host/host-process.js';
import { ensureProgram } from '../host/host-tools.js';
import type { Progress } from '../host/progress.js';

/**
 * libkcapi's own `kcapi` test program, built from Debian bookworm's source package: the
 * reference our CLI is compared with (test/kernel/oracle.test.ts). Built once on the host
 * and cached; it runs in the guest, which sees the host's root (and its libc) read-only.
 */
const sourcePackage = 'libkcapi';
const suite = 'bookworm';

/** The cached program; the folder also holds the source tarball's name and sha256. */
export function referenceKcapiPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.KCAPI_REFERENCE_KCAPI ?? join(cacheRoot(env), 'reference', `${sourcePackage}-${suite}`, 'kcapi');
}

/** Builds the reference program unless it is cached; returns its path. */
export async function ensureReferenceKcapi(progress: Progress): Promise<string> {
  const program = referenceKcapiPath();
  if (existsSync(program)) return program;
  if (process.env.KCAPI_REFERENCE_KCAPI !== undefined) {
    throw new OperationError(`KCAPI_REFERENCE_KCAPI names ${program}, which does not exist`);
  }
  for (const [name, debianPackage] of [
    ['autoreconf', 'autoconf'],
    ['automake', 'automake'],
    ['libtoolize', 'libtool'],
    ['make', 'make'],
    ['gcc', 'gcc'],
    ['xz', 'xz-utils'],
  ] as const) {
    await ensureProgram(name, debianPackage, progress);
  }
  const cache = cacheRoot();
  const apt = await PrivateApt.create(join(cache, 'apt', `${suite}-src`), [['debian', suite]], 'deb-src');
  await apt.update(progress);
  const work = temporarySibling(join(cache, 'reference', `${sourcePackage}-build`));
  try {
    progress.show(`downloading the ${sourcePackage} source package (${suite})`);
    const files = await apt.downloadSource(sourcePackage, work);
    const tarball = await verifiedOrigTarball(work, files);
    progress.show(`building ${sourcePackage}'s kcapi (autotools, --enable-kcapi-test)`);
    await runHostProgramOrFail('tar', ['xf', tarball], 'unpacking the libkcapi source', { cwd: work });
    const tree = join(work, tarball.replace(/^libkcapi_(.+)\.orig\.tar\.\w+$/, 'libkcapi-$1'));
    const step = (program: string, args: string[], what: string) =>
      runHostProgramOrFail(program, args, what, { cwd: tree, timeoutMs: 1_800_000 });
    await step('autoreconf', ['-i'], 'autoreconf -i (libkcapi)');
    // A static libkcapi: the program needs no library path at run time.
    await step('./configure', ['--enable-kcapi-test', '--disable-shared', '--enable-static'], 'configure (libkcapi)');
    await step('make', ['-j2', 'bin/kcapi'], 'make bin/kcapi (libkcapi)');
    const staged = temporarySibling(join(cache, 'reference', `${sourcePackage}-${suite}`));
    await mkdir(staged, { recursive: true });
    await copyFile(join(tree, 'bin', 'kcapi'), join(staged, 'kcapi'));
    const digest = createHash('sha256')
      .update(await readFile(join(work, tarball)))
      .digest('hex');
    await writeFile(join(staged, 'SOURCE'), `${digest}  ${tarball}\n`);
    await publishDirectory(staged, join(cache, 'reference', `${sourcePackage}-${suite}`));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (!existsSync(program)) throw new OperationError(`the reference kcapi was built but is not at ${program}`);
  return program;
}

/** The orig tarball among `files`, checked against the sha256 the .dsc gives for it. */
async function verifiedOrigTarball(dir: string, files: readonly string[]): Promise<string> {
  const dsc = files.find((file) => file.endsWith('.dsc'));
  if (dsc === undefined) throw new OperationError(`apt-get source ${sourcePackage} fetched no .dsc (got: ${files.join(' ') || 'nothing'})`);
  const expected = dscSha256(await readFile(join(dir, dsc), 'utf8'));
  const tarball = [...expected.keys()].find((name) => /\.orig\.tar\.\w+$/.test(name));
  if (tarball === undefined || !files.includes(tarball)) {
    throw new OperationError(`apt-get source ${sourcePackage} did not fetch the orig tarball named in ${dsc}`);
  }
  const actual = createHash('sha256')
    .update(await readFile(join(dir, tarball)))
    .digest('hex');
  if (actual !== expected.get(tarball)) {
    throw new OperationError(`${tarball}: sha256 ${actual} is not the ${expected.get(tarball)} of ${dsc}`);
  }
  return tarball;
}

/** File name -> sha256 from a .dsc's Checksums-Sha256 field. */
export function dscSha256(dsc: string): Map<string, string> {
  const sums = new Map<string, string>();
  const field = /^Checksums-Sha256:\s*\n((?:[ \t].*\n?)*)/m.exec(dsc);
  for (const line of field?.[1]?.split('\n') ?? []) {
    const [sha256, , name] = line.trim().split(/\s+/);
    if (sha256 !== undefined && name !== undefined && /^[0-9a-f]{64}$/.test(sha256)) sums.set(name, sha256);
  }
  return sums;
}
