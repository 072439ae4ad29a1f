import { controlFiles, guestPaths, shareTags } from '../protocol/guest-paths.js';
import { shellQuote, shellQuoteAll } from './shell-quote.js';

const ninePOptions = 'trans=virtio,version=9p2000.L,msize=512000';

export interface InitOptions {
  /** Initramfs paths of the modules needed to reach the shares, in load order. */
  readonly bootModules: readonly string[];
  /** Initramfs paths of af_alg, algif_* and crypto_user, in load order. */
  readonly cryptoModules: readonly string[];
  /** Release of the shared module tree (modules loadable on demand); undefined: none. */
  readonly modulesRelease?: string | undefined;
  /** 9p cache mode of the host root (undefined: none, always current). */
  readonly hostRootCache?: string | undefined;
}

/**
 * The guest's /init (busybox sh): mounts the shares, chroots into the host's root and runs
 * the job with stdout, stderr and status in files of the control share, then powers off.
 */
export function initScript(options: InitOptions): string {
  const root = guestPaths.hostRoot;
  const control = `${root}${guestPaths.control}`;
  const kernelRoot = `${root}${guestPaths.kernelRoot}`;
  const modulesDir = `${kernelRoot}/lib/modules/${options.modulesRelease ?? ''}`;
  const rootCache = options.hostRootCache === undefined ? '' : `,cache=${options.hostRootCache}`;
  const insmod = (paths: readonly string[]): string[] => paths.map((path) => `insmod ${shellQuote(path)}`);
  return [
    '#!/bin/sh',
    'export PATH=/bin:/sbin',
    'fail() { echo "kcapi-guest: $*"; reboot -f; }',
    'mount -t proc proc /proc',
    'mount -t sysfs sysfs /sys',
    'mount -t devtmpfs devtmpfs /dev',
    ...insmod(options.bootModules),
    `o=${ninePOptions}`,
    `mount -t 9p -o "$o,ro${rootCache}" ${shareTags.hostRoot} ${root} || fail "cannot mount the host root (9p)"`,
    `mount -t proc proc ${root}/proc`,
    `mount -t sysfs sysfs ${root}/sys`,
    `mount -t devtmpfs devtmpfs ${root}/dev`,
    `mkdir -p ${root}/dev/pts ${root}/dev/shm`,
    `mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts ${root}/dev/pts`,
    `mount -t tmpfs -o mode=1777 shm ${root}/dev/shm`,
    `ln -sfn /proc/self/fd ${root}/dev/fd`,
    `ln -sfn /proc/self/fd/0 ${root}/dev/stdin`,
    `ln -sfn /proc/self/fd/1 ${root}/dev/stdout`,
    `ln -sfn /proc/self/fd/2 ${root}/dev/stderr`,
    `mount -t tmpfs -o mode=1777 tmp ${root}/tmp`,
    `mount -t tmpfs -o mode=755 run ${root}/run`,
    `mkdir -p ${control} ${shellQuote(modulesDir)}`,
    `mount -t 9p -o "$o" ${shareTags.control} ${control} || fail "cannot mount the control share (9p)"`,
    ...(options.modulesRelease !== undefined
      ? [
          `mount -t 9p -o "$o,ro,cache=loose" ${shareTags.kernelRoot} ${shellQuote(modulesDir)} || fail "cannot mount the kernel modules (9p)"`,
          `echo ${guestPaths.moduleHelper} > /proc/sys/kernel/modprobe`,
        ]
      : []),
    `. ${control}/${controlFiles.mounts}`,
    ...insmod(options.cryptoModules),
    `: > ${control}/${controlFiles.started}`,
    `chroot ${root} /bin/sh ${guestPaths.control}/${controlFiles.job} </dev/null >${control}/${controlFiles.stdout} 2>${control}/${controlFiles.stderr}`,
    `echo $? > ${control}/${controlFiles.status}`,
    'reboot -f',
    '',
  ].join('\n');
}

/**
 * The helper the kernel runs for request_module(): a crypto alias is answered from the
 * precomputed table (`ALIAS NAME:PATH...`), loading modules with busybox insmod straight
 * from the shared tree; any other request goes to the host's modprobe in the chroot.
 */
export function moduleHelperScript(release: string, aliasTable: string = guestPaths.aliasTable): string {
  const modules = `${guestPaths.hostRoot}${guestPaths.kernelRoot}/lib/modules/${release}`;
  return [
    '#!/bin/sh',
    'for name; do :; done',
    'case "$name" in',
    '  crypto-*|algif-*|net-pf-38)',
    // One awk instead of a shell loop over the table: the fuzzer's unknown names make the
    // kernel call this helper thousands of times, and each call is emulated.
    `    providers=$(awk -v name="$name" '$1 == name { $1 = ""; print; exit }' ${shellQuote(aliasTable)})`,
    '    [ -n "$providers" ] || exit 1',
    '    for provider in $providers; do',
    '      module=${provider%%:*} path=${provider#*:}',
    '      [ -d "/sys/module/$module" ] && continue',
    '      case "$path" in',
    `        *.ko) insmod ${shellQuote(modules)}/"$path" 2>/dev/null ;;`,
    `        *) chroot ${guestPaths.hostRoot} /sbin/modprobe -q -d ${guestPaths.kernelRoot} "$module" ;;`,
    '      esac',
    '    done',
    '    exit 0 ;;',
    'esac',
    `exec chroot ${guestPaths.hostRoot} /sbin/modprobe -d ${guestPaths.kernelRoot} "$@"`,
    '',
  ].join('\n');
}

/** Turns `ALIAS PATH...` lines into the helper's `ALIAS NAME:PATH...` table. */
export function helperAliasTable(aliasTable: string, nameOf: (path: string) => string): string {
  return aliasTable
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [alias, ...paths] = line.split(' ');
      return [alias, ...paths.map((path) => `${nameOf(path)}:${path}`)].join(' ');
    })
    .map((line) => `${line}\n`)
    .join('');
}

export interface Mount {
  readonly tag: string;
  readonly guestPath: string;
  readonly readonly: boolean;
}

/** Extra shares (writable folders, a working directory hidden by the guest's tmpfs). */
export function mountsScript(mounts: readonly Mount[]): string {
  const lines = [...mounts]
    .sort((a, b) => a.guestPath.length - b.guestPath.length)
    .map((mount) => {
      const target = shellQuote(`${guestPaths.hostRoot}${mount.guestPath}`);
      return `mkdir -p ${target} 2>/dev/null; mount -t 9p -o "$o${mount.readonly ? ',ro' : ''}" ${mount.tag} ${target} || fail ${shellQuote(`cannot mount ${mount.guestPath}`)}`;
    });
  return `${lines.join('\n')}\n`;
}

export interface JobOptions {
  readonly command: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The job run by the host's /bin/sh in the chroot: enter cwd, then exec with exactly `env`. */
export function jobScript(job: JobOptions): string {
  const [program] = job.command;
  if (program === undefined) throw new Error('jobScript: empty command');
  const assignments = Object.entries(job.env).map(([name, value]) => `${name}=${value}`);
  const path = job.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return [
    `cd ${shellQuote(job.cwd)} 2>/dev/null || { echo ${shellQuote(`kcapi: the working directory ${job.cwd} does not exist in the guest`)} >&2; exit 126; }`,
    `PATH=${shellQuote(path)}; export PATH`,
    `command -v ${shellQuote(program)} >/dev/null 2>&1 || { echo ${shellQuote(`kcapi: command not found in the guest: ${program}`)} >&2; exit 127; }`,
    `exec /usr/bin/env -i ${shellQuoteAll(assignments)} ${shellQuoteAll(job.command)}`,
    '',
  ].join('\n');
}
