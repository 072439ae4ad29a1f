/** Where things live inside the guest; shared by the scripts the host writes for it. */
export const guestPaths = {
  /** The host's root, mounted read-only, before the command's chroot. */
  hostRoot: '/mnt',
  /** Per-run control folder (job, stdout, stderr, status), a writable share; inside the chroot. */
  control: '/run/kcapi/ctl',
  /** The kernel's unpacked tree (lib/modules/RELEASE), read-only; inside the chroot. */
  kernelRoot: '/run/kcapi/kroot',
  /** Initramfs: the module-request helper and its alias table. */
  moduleHelper: '/sbin/kcapi-modprobe',
  aliasTable: '/etc/kcapi/aliases',
  bootModules: '/lib/kcapi',
} as const;

/** 9p mount tags of the fixed shares. */
export const shareTags = { hostRoot: 'host', control: 'ctl', kernelRoot: 'kroot' } as const;

/** Files in the control folder. */
export const controlFiles = {
  job: 'job.sh',
  mounts: 'mounts.sh',
  started: 'started',
  stdout: 'stdout',
  stderr: 'stderr',
  status: 'status',
} as const;
