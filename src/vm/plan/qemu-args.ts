import { type Arch, architectures, defaultArch } from './arch.js';
import { type Device, deviceTable } from './devices.js';

/** The qemu command line and the kernel's, as pure functions of a plan. */

export type Accel = 'kvm' | 'tcg';

export interface Share {
  readonly tag: string;
  readonly hostPath: string;
  readonly readonly: boolean;
}

export interface QemuPlan {
  /** Default: x86_64. */
  readonly arch?: Arch | undefined;
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
  /** Default: none. */
  readonly devices?: readonly Device[] | undefined;
}

/**
 * Boot options chosen for speed under emulation: no console chatter (each byte is an
 * emulated port write), no waiting for entropy, no speculative-execution mitigations (a
 * throwaway guest), the architecture's own (see arch.ts); panics reboot at once, and qemu's
 * -no-reboot turns that into an exit.
 */
export function kernelCommandLine(extra: readonly string[] = [], arch: Arch = defaultArch): string {
  const spec = architectures[arch];
  return [
    `console=${spec.console}`,
    ...spec.kernelParameters,
    'quiet',
    'loglevel=4',
    'panic=-1',
    'rdinit=/init',
    'mitigations=off',
    'random.trust_cpu=on',
    ...extra,
  ].join(' ');
}

function escapeOptionValue(value: string): string {
  // qemu option lists split at commas; a literal comma is written twice.
  return value.replace(/,/g, ',,');
}

export function qemuArguments(plan: QemuPlan): string[] {
  const spec = architectures[plan.arch ?? defaultArch];
  const accel = plan.accel === 'kvm' ? ['-accel', 'kvm'] : ['-accel', 'tcg,thread=multi'];
  return [
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-no-reboot',
    '-machine',
    spec.machine,
    ...accel,
    '-cpu',
    spec.cpu[plan.accel],
    '-smp',
    String(plan.cpus),
    '-m',
    String(plan.memMiB),
    ...(plan.bios === undefined ? [] : ['-bios', plan.bios]),
    '-serial',
    `file:${plan.consoleLog}`,
    '-kernel',
    plan.kernelImage,
    '-initrd',
    plan.initramfs,
    '-append',
    plan.kernelCommandLine,
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
    ...(plan.devices ?? []).flatMap((device) => deviceTable[device].qemuArguments),
  ];
}

/**
 * A virtio-serial port named `name` fed by the host FIFO `fifo`: any host process writes a
 * byte to wake the guest (qemu holds the FIFO open read-write, so writers never block and
 * the guest never sees an end of file).
 */
export function doorbellArguments(fifo: string, name: string): string[] {
  return [
    '-device',
    'virtio-serial-pci,id=kcapi-serial',
    '-chardev',
    `pipe,id=kcapi-bell,path=${escapeOptionValue(fifo)}`,
    '-device',
    `virtserialport,bus=kcapi-serial.0,chardev=kcapi-bell,name=${name}`,
  ];
}
