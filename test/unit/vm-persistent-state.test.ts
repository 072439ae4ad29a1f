import { describe, expect, it } from 'vitest';
import { stateKey, stateRoot } from '../../src/vm/persistent/guest-state.js';
import { formatUptime, table } from '../../src/vm/cli/persistent-command.js';
import { doorbellArguments } from '../../src/vm/plan/qemu-args.js';
import { parseVmArguments } from '../../src/vm/cli/vm-command.js';

describe('persistent guest state', () => {
  it('lives under $XDG_RUNTIME_DIR/kcapi, else under the cache', () => {
    expect(stateRoot({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u' })).toBe('/run/user/1000/kcapi');
    expect(stateRoot({ HOME: '/home/u' })).toBe('/home/u/.cache/kcapi/run');
    expect(stateRoot({ XDG_RUNTIME_DIR: 'relative', XDG_CACHE_HOME: '/c' })).toBe('/c/kcapi/run');
  });

  it('is keyed by kernel: names as they are, image paths by digest', () => {
    expect(stateKey('6.1')).toBe('6.1');
    expect(stateKey('sid')).toBe('sid');
    const image = stateKey('/boot/vmlinuz-x', '/lib/modules/x');
    expect(image).toMatch(/^image-[0-9a-f]{12}$/);
    expect(stateKey('/boot/vmlinuz-x', '/lib/modules/y')).not.toBe(image);
    expect(stateKey('/boot/vmlinuz-x', '/lib/modules/x')).toBe(image);
  });

  it('formats uptimes and tables for `kcapi vm status`', () => {
    expect([formatUptime(4_400), formatUptime(125_000), formatUptime(3_725_000)]).toEqual(['4s', '2m05s', '1h02m']);
    expect(
      table([
        ['A', 'BB', 'C'],
        ['aaa', 'b', 'c'],
      ]),
    ).toBe('A    BB  C\naaa  b   c\n');
  });

  it('rings the guest through a virtio-serial port fed by a FIFO', () => {
    expect(doorbellArguments('/s/a,b/doorbell', 'kcapi.doorbell')).toEqual([
      '-device',
      'virtio-serial-pci,id=kcapi-serial',
      '-chardev',
      'pipe,id=kcapi-bell,path=/s/a,,b/doorbell',
      '-device',
      'virtserialport,bus=kcapi-serial.0,chardev=kcapi-bell,name=kcapi.doorbell',
    ]);
  });
});

describe('kcapi vm start|stop|status arguments', () => {
  it('parses start with the boot options, before or after the word', () => {
    expect(parseVmArguments(['start', '--kernel', '6.12', '--mem', '1024', '--writable', '/w'])).toEqual({
      kind: 'start',
      options: { kernel: '6.12', memMiB: 1024, writable: ['/w'] },
    });
    expect(parseVmArguments(['--kernel', 'sid', 'start', '--cpus', '1'])).toEqual({ kind: 'start', options: { kernel: 'sid', cpus: 1 } });
  });

  it('parses stop and status', () => {
    expect(parseVmArguments(['stop'])).toEqual({ kind: 'stop', all: false });
    expect(parseVmArguments(['stop', '--kernel', 'sid'])).toEqual({ kind: 'stop', all: false, kernel: 'sid' });
    expect(parseVmArguments(['stop', '--all'])).toEqual({ kind: 'stop', all: true });
    expect(parseVmArguments(['status'])).toEqual({ kind: 'status' });
    expect(() => parseVmArguments(['stop', '--all', '--kernel', 'sid'])).toThrow(/--kernel or --all/);
    expect(() => parseVmArguments(['status', 'extra'])).toThrow(/too many arguments/);
  });

  it('runs a command named like a subcommand when it comes after -- or as an argument', () => {
    expect(parseVmArguments(['--', 'status'])).toMatchObject({ kind: 'run', options: { command: ['status'] } });
    expect(parseVmArguments(['sh', '-c', 'start'])).toMatchObject({ kind: 'run', options: { command: ['sh', '-c', 'start'] } });
    expect(parseVmArguments(['--fresh', 'true'])).toMatchObject({ kind: 'run', options: { command: ['true'], reuse: false } });
  });

  it('documents the persistent guest in --help', () => {
    const help = parseVmArguments(['--help']);
    expect(help.kind === 'help' && help.text).toMatch(/kcapi vm start \[--kernel K\]/);
    const start = parseVmArguments(['start', '--help']);
    expect(start.kind === 'help' && start.text).toMatch(/Usage: kcapi vm start \[options\]/);
  });
});
