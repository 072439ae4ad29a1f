import { describe, expect, it } from 'vitest';
import { parseVmArguments } from '../../src/vm/cli/vm-command.js';
import { architectures } from '../../src/vm/plan/arch.js';
import { deviceTable } from '../../src/vm/plan/devices.js';
import { type GuestPlan, guestArguments } from '../../src/vm/plan/guest-plan.js';
import { kernelCommandLine, qemuArguments } from '../../src/vm/plan/qemu-args.js';
import { UsageError } from '../../src/errors.js';

const plan: GuestPlan = {
  arch: 'x86_64',
  devices: [],
  qemu: '/usr/bin/qemu-system-x86_64',
  kernel: {
    label: '6.1',
    release: '6.1.0-1-amd64',
    image: '/k/vmlinuz',
    bootImage: '/k/vmlinux.pvh',
    modulesDir: '/k/lib/modules/6.1.0-1-amd64',
  },
  initramfs: '/c/i.cpio',
  accelChoice: 'auto',
  accel: 'tcg',
  cpus: 2,
  memMiB: 2048,
  shares: [{ tag: 'x1', hostPath: '/w', readonly: false }],
  mounts: [{ tag: 'x1', guestPath: '/w', readonly: false }],
  writable: ['/w'],
  extraKernelParameters: ['foo=1'],
  extraQemuArguments: ['-snapshot'],
  bootLimitMs: 300_000,
  cacheRoot: '/c',
};

function optionValues(args: string[], option: string): string[] {
  return args.flatMap((arg, i) => (arg === option && args[i + 1] !== undefined ? [args[i + 1] as string] : []));
}

describe('a guest plan as qemu arguments', () => {
  it('takes the program-independent parts from the architecture: machine, CPU, console, boot image', () => {
    const spec = architectures.x86_64;
    const args = guestArguments(plan, 'tcg', { controlDir: '/r' });
    expect(optionValues(args, '-machine')).toEqual([spec.machine]);
    expect(optionValues(args, '-cpu')).toEqual([spec.cpu.tcg]);
    expect(optionValues(guestArguments(plan, 'kvm', { controlDir: '/r' }), '-cpu')).toEqual([spec.cpu.kvm]);
    expect(optionValues(args, '-kernel')).toEqual(['/k/vmlinux.pvh']);
    expect(
      optionValues(guestArguments({ ...plan, kernel: { ...plan.kernel, bootImage: undefined } }, 'tcg', { controlDir: '/r' }), '-kernel'),
    ).toEqual(['/k/vmlinuz']);
    expect(optionValues(args, '-append')[0]?.split(' ')).toEqual(
      expect.arrayContaining([`console=${spec.console}`, ...spec.kernelParameters, 'foo=1']),
    );
  });

  it('shares the host root, the control folder, the modules and the extra shares', () => {
    expect(
      optionValues(guestArguments(plan, 'tcg', { controlDir: '/r' }), '-virtfs').map((value) => value.split(',').slice(1, 3).join(',')),
    ).toEqual([
      'path=/,mount_tag=host',
      'path=/r,mount_tag=ctl',
      'path=/k/lib/modules/6.1.0-1-amd64,mount_tag=kroot',
      'path=/w,mount_tag=x1',
    ]);
  });

  it("ends with the user's extra arguments, then a started guest's doorbell", () => {
    const oneShot = guestArguments(plan, 'tcg', { controlDir: '/r' });
    expect(oneShot.at(-1)).toBe('-snapshot');
    const started = guestArguments(plan, 'tcg', { controlDir: '/r', doorbell: '/s/doorbell' });
    expect(started.slice(oneShot.length - 1, oneShot.length)).toEqual(['-snapshot']);
    expect(started.slice(oneShot.length).join(' ')).toContain('pipe,id=kcapi-bell,path=/s/doorbell');
  });

  it('adds a device as its table entry says, and nothing without one', () => {
    const without = guestArguments(plan, 'tcg', { controlDir: '/r' });
    const withCrypto = guestArguments({ ...plan, devices: ['virtio-crypto'] }, 'tcg', { controlDir: '/r' });
    const device = ['-object', 'cryptodev-backend-builtin,id=cryptodev0', '-device', 'virtio-crypto-pci,id=crypto0,cryptodev=cryptodev0'];
    expect(withCrypto).toEqual([...without.slice(0, -1), ...device, '-snapshot']);
    expect(without.join(' ')).not.toContain('crypto');
    expect(deviceTable['virtio-crypto'].guestModules).toEqual(['virtio_crypto']);
  });

  it('keeps x86_64 the default of the pure functions', () => {
    const base = {
      accel: 'tcg' as const,
      cpus: 1,
      memMiB: 64,
      kernelImage: '/k',
      initramfs: '/i',
      kernelCommandLine: kernelCommandLine(),
      consoleLog: '/c',
      shares: [],
    };
    expect(qemuArguments(base)).toEqual(qemuArguments({ ...base, arch: 'x86_64', devices: [] }));
    expect(kernelCommandLine(['a=1'])).toBe(kernelCommandLine(['a=1'], 'x86_64'));
  });
});

describe('kcapi vm --device', () => {
  it('gives the guest each named device once', () => {
    const invocation = parseVmArguments(['--device', 'virtio-crypto', '--device', 'virtio-crypto', '--', 'true']);
    expect(invocation.kind === 'run' && invocation.options.devices).toEqual(['virtio-crypto']);
    const start = parseVmArguments(['start', '--device', 'virtio-crypto']);
    expect(start.kind === 'start' && start.options.devices).toEqual(['virtio-crypto']);
    const plain = parseVmArguments(['--', 'true']);
    expect(plain.kind === 'run' && plain.options.devices).toBeUndefined();
  });

  it('refuses a device it does not know', () => {
    expect(() => parseVmArguments(['--device', 'virtio-gpu', '--', 'true'])).toThrow(UsageError);
    expect(() => parseVmArguments(['--device', 'virtio-gpu', '--', 'true'])).toThrow(/--device must be virtio-crypto, not "virtio-gpu"/);
  });
});
