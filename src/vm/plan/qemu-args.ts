/** The qemu command line and the kernel's, as pure functions of a plan. */

export type Accel = 'kvm' | 'tcg';


export interface Share {
  readonly tag: string;
  readonly hostPath: string;
  readonly readonly: boolean;
}

export interface QemuPlan {
  readonly accel: Accel;
  readonly cpus: number;
  readonly memMiB: number;
  readonly kernelImage: string;
  readonly initramfs: string;
  readonly kernelCommandLine: string;
  readonly consoleLog: string;
  readonly shares: readonly Share[];
  /** Firmware image (qboot when installed: faster than SeaBIOS). */
  readonly bios?: string | undefined;
}

/**
 * Boot options chosen for speed under emulation: no console chatter (each byte is an
 * emulated port write), no timer/TSC re-verification, no waiting for entropy, no
 * speculative-execution mitigations (a throwaway guest), no PS/2 mouse probing; panics
 * reboot at once, and qemu's -no-reboot turns that into an exit.
 */
export function kernelCommandLine(extra: readonly string[] = []): string {
  return [
    'console=ttyS0',
    // The boot decompressor writes to the serial port only with this: without it a damaged
    // image fails in silence (with quiet, it prints nothing else).
    'earlyprintk=serial',
    'quiet',
    'loglevel=4',
    'panic=-1',
    'rdinit=/init',
    'no_timer_check',
    'tsc=reliable',
    'mitigations=off',
    'random.trust_cpu=on',
    'i8042.noaux',
    '8250.nr_uarts=1',
    ...extra,
  ].join(' ');
}

function escapeOptionValue(value: string): string {
  // qemu option lists split at commas; a literal comma is written twice.
  return value.replace(/,/g, ',,');
}

export function qemuArguments(plan: QemuPlan): string[] {
  const accel = plan.accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,thread=multi', '-cpu', 'max'];
  return [
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-no-reboot',
    '-machine', 'pc',
    ...accel,
    '-smp', String(plan.cpus),
    '-m', String(plan.memMiB),
    ...(plan.bios === undefined ? [] : ['-bios', plan.bios]),
    '-serial', `file:${plan.consoleLog}`,
    '-kernel', plan.kernelImage,
    '-initrd', plan.initramfs,
    '-append', plan.kernelCommandLine,
    ...plan.shares.flatMap((share) => [
      '-virtfs',
      [
        'local',
        `path=${escapeOptionValue(share.hostPath)}`,
        `mount_tag=${share.tag}`,
        'security_model=none',
        'multidevs=remap',
        ...(share.readonly ? ['readonly=on'] : []),
      ].join(','),
    ]),
  ];
}

/**
 * A virtio-serial port named `name` fed by the host FIFO `fifo`: any host process writes a
 * byte to wake the guest (qemu holds the FIFO open read-write, so writers never block and
 * the guest never sees an end of file).
 */
export function doorbellArguments(fifo: string, name: string): string[] {
  return [
    '-device', 'virtio-serial-pci,id=kcapi-serial',
    '-chardev', `pipe,id=kcapi-bell,path=${escapeOptionValue(fifo)}`,
    '-device', `virtserialport,bus=kcapi-serial.0,chardev=kcapi-bell,name=${name}`,
  ];
}
