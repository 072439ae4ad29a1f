import { describe, expect, it } from 'vitest';
import { kernelCommandLine, qemuArguments } from '../../src/vm/plan/qemu-args.js';
import { probeArguments, probeFirmware } from '../../src/vm/host/accel.js';

const plan = {
  accel: 'tcg' as const,
  cpus: 2,
  memMiB: 2048,
  kernelImage: '/c/vmlinuz',
  initramfs: '/c/i.cpio',
  kernelCommandLine: kernelCommandLine(),
  consoleLog: '/r/console.log',
  shares: [
    { tag: 'host', hostPath: '/', readonly: true },
    { tag: 'x1', hostPath: '/data/a,b', readonly: false },
  ],
  bios: '/usr/share/qemu/qboot.rom',
};

function optionValues(args: string[], option: string): string[] {
  return args.flatMap((arg, i) => (arg === option && args[i + 1] !== undefined ? [args[i + 1] as string] : []));
}

describe('qemu command line', () => {
  it('uses multi-threaded TCG with the max CPU model, or KVM with the host CPU', () => {
    const tcg = qemuArguments(plan);
    expect(optionValues(tcg, '-accel')).toEqual(['tcg,thread=multi']);
    expect(optionValues(tcg, '-cpu')).toEqual(['max']);
    const kvm = qemuArguments({ ...plan, accel: 'kvm' });
    expect(optionValues(kvm, '-accel')).toEqual(['kvm']);
    expect(optionValues(kvm, '-cpu')).toEqual(['host']);
  });

  it('has no default devices, exits instead of rebooting, logs the console to a file', () => {
    const args = qemuArguments(plan);
    expect(args).toEqual(expect.arrayContaining(['-nodefaults', '-no-user-config', '-no-reboot']));
    expect(optionValues(args, '-serial')).toEqual(['file:/r/console.log']);
    expect(optionValues(args, '-bios')).toEqual(['/usr/share/qemu/qboot.rom']);
    expect(optionValues(qemuArguments({ ...plan, bios: undefined }), '-bios')).toEqual([]);
  });

  it('shares folders over 9p, read-only where asked, commas escaped', () => {
    expect(optionValues(qemuArguments(plan), '-virtfs')).toEqual([
      'local,path=/,mount_tag=host,security_model=none,multidevs=remap,readonly=on',
      'local,path=/data/a,,b,mount_tag=x1,security_model=none,multidevs=remap',
    ]);
  });

  it('boots quietly on the serial console, panics end the guest', () => {
    const line = kernelCommandLine(['foo=1']).split(' ');
    expect(line).toEqual(expect.arrayContaining(['console=ttyS0', 'quiet', 'panic=-1', 'rdinit=/init', 'random.trust_cpu=on', 'foo=1']));
  });
});

describe('KVM probe', () => {
  it('puts "mov al,1; out 0xf4,al; hlt" at the reset vector of a 64 KiB firmware', () => {
    const firmware = probeFirmware();
    expect(firmware.length).toBe(0x10000);
    expect([...firmware.subarray(0xfff0, 0xfff5)]).toEqual([0xb0, 0x01, 0xe6, 0xf4, 0xf4]);
    expect(probeArguments('kvm', '/f')).toEqual(expect.arrayContaining(['-accel', 'kvm', '-cpu', 'host', '-bios', '/f']));
    expect(probeArguments('kvm', '/f')).toContain('isa-debug-exit,iobase=0xf4,iosize=0x01');
  });
});
