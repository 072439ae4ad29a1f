import type { Accel } from './qemu-args.js';

/** Guest architectures: x86-64 today; arm64 is meant to be one more entry. */
export type Arch = 'x86_64';

export interface ArchSpec {
  /** The qemu program, and the Debian package that has it. */
  readonly qemuProgram: string;
  readonly qemuPackage: string;
  readonly machine: string;
  readonly cpu: Readonly<Record<Accel, string>>;
  /** The serial console the kernel writes to (captured in console.log). */
  readonly console: string;
  /** Kernel parameters of this architecture (see kernelCommandLine). */
  readonly kernelParameters: readonly string[];
  /** Firmware used when installed (qboot boots faster than SeaBIOS). */
  readonly firmware?: string | undefined;
  /** What -kernel boots: the unpacked ELF when there is one (see kernel-store.ts), else the image. */
  bootImage(kernel: { readonly image: string; readonly bootImage?: string | undefined }): string;
}

export const architectures: Readonly<Record<Arch, ArchSpec>> = {
  x86_64: {
    qemuProgram: 'qemu-system-x86_64',
    qemuPackage: 'qemu-system-x86',
    machine: 'pc',
    cpu: { kvm: 'host', tcg: 'max' },
    console: 'ttyS0',
    kernelParameters: [
      // The boot decompressor writes to the serial port only with this: without it a damaged
      // image fails in silence (with quiet, it prints nothing else).
      'earlyprintk=serial',
      // No timer/TSC re-verification, no PS/2 mouse probing, one UART to probe.
      'no_timer_check',
      'tsc=reliable',
      'i8042.noaux',
      '8250.nr_uarts=1',
    ],
    firmware: '/usr/share/qemu/qboot.rom',
    bootImage: (kernel) => kernel.bootImage ?? kernel.image,
  },
};

/** The architecture of guests when none is asked for: the host's. */
export const defaultArch: Arch = 'x86_64';
