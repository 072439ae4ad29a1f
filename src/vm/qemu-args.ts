/** The qemu command line and the kernel's, as pure functions of a plan. */

export type Accel = 'kvm' | 'tcg';
/** `pc` (i440fx, virtio over PCI) or `microvm` (no PCI, virtio over MMIO). */
export type Machine = 'pc' | 'microvm';

export interface Share {
  readonly tag: string;
  readonly hostPath: string;
  readonly readonly: boolean;
}

export interface QemuPlan {
  readonly accel: Accel;
  readonly machine?: Machine | undefined;
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

function shareArguments(share: Share, index: number, machine: Machine): string[] {
  const fsOptions = [
    `path=${escapeOptionValue(share.hostPath)}`,
    'security_model=none',
    'multidevs=remap',
    ...(share.readonly ? ['readonly=on'] : []),
  ];
  if (machine === 'pc') return ['-virtfs', ['local', ...fsOptions.slice(0, 1), `mount_tag=${share.tag}`, ...fsOptions.slice(1)].join(',')];
  const id = `fs${index}`;
  return [
    '-fsdev', ['local', `id=${id}`, ...fsOptions].join(','),
    '-device', `virtio-9p-device,fsdev=${id},mount_tag=${share.tag}`,
  ];
}

export function qemuArguments(plan: QemuPlan): string[] {
  const accel = plan.accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,thread=multi', '-cpu', 'max'];
  const machine = plan.machine ?? 'pc';
  return [
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-no-reboot',
    '-machine', machine === 'pc' ? 'pc' : 'microvm,x-option-roms=off,rtc=on',
    ...accel,
    '-smp', String(plan.cpus),
    '-m', String(plan.memMiB),
    ...(plan.bios === undefined || machine !== 'pc' ? [] : ['-bios', plan.bios]),
    '-serial', `file:${plan.consoleLog}`,
    '-kernel', plan.kernelImage,
    '-initrd', plan.initramfs,
    '-append', plan.kernelCommandLine,
    ...plan.shares.flatMap((share, index) => shareArguments(share, index, machine)),
  ];
}
