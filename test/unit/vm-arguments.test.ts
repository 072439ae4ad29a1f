import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseVmArguments, reportVmError } from '../../src/vm/cli/vm-command.js';
import { GuestBootError } from '../../src/vm/plan/guest-error.js';
import { OperationError } from '../../src/errors.js';
import { resolveSettings } from '../../src/vm/settings.js';

function run(argv: string[]) {
  const invocation = parseVmArguments(argv);
  if (invocation.kind !== 'run') throw new Error('expected a run');
  return invocation;
}

describe('kcapi vm arguments', () => {
  it('takes options, then the command after --', () => {
    const { options, envItems } = run([
      '--kernel',
      '6.12',
      '--accel',
      'tcg',
      '--mem',
      '3072',
      '--cpus',
      '1',
      '--timeout',
      '30',
      '--writable',
      '/a',
      '--writable',
      '/b',
      '-e',
      'X=1',
      '--refresh',
      '--',
      'uname',
      '-r',
    ]);
    expect(options).toEqual({
      command: ['uname', '-r'],
      kernel: '6.12',
      accel: 'tcg',
      memMiB: 3072,
      cpus: 1,
      timeoutSec: 30,
      writable: ['/a', '/b'],
      refresh: true,
    });
    expect(envItems).toEqual(['X=1']);
  });

  it('leaves the options of the command alone, with or without --', () => {
    expect(run(['sh', '-c', 'exit 7']).options.command).toEqual(['sh', '-c', 'exit 7']);
    expect(run(['--', '--kernel', 'x']).options.command).toEqual(['--kernel', 'x']);
    expect(run(['--kernel=sid', 'ls', '--kernel', '-l']).options).toEqual({ command: ['ls', '--kernel', '-l'], kernel: 'sid' });
  });

  it('rejects bad values and a missing command as usage errors', () => {
    expect(() => parseVmArguments(['--accel', 'hvf', 'true'])).toThrow(/--accel must be auto, kvm or tcg/);
    expect(() => parseVmArguments(['--mem', 'lots', 'true'])).toThrow(UsageError);
    expect(() => parseVmArguments(['--cpus', '0', 'true'])).toThrow(UsageError);
    expect(() => parseVmArguments([])).toThrow(/missing required argument/);
    expect(() => parseVmArguments(['--bogus', 'true'])).toThrow(/unknown option '--bogus'/);
  });

  it('shows help', () => {
    const help = parseVmArguments(['--help']);
    expect(help.kind).toBe('help');
    expect(help.kind === 'help' && help.text).toMatch(/Usage: kcapi vm \[options\] \[--\] COMMAND \[ARGS\.\.\.\]/);
  });
});

describe('runner settings', () => {
  it('come from options, then KCAPI_VM_* variables, then defaults', () => {
    expect(resolveSettings({}, {})).toMatchObject({ kernel: '6.1', accel: 'auto', memMiB: 2048, timeoutSec: 300, writable: [] });
    expect(
      resolveSettings(
        { memMiB: 512 },
        { KCAPI_VM_KERNEL: 'sid', KCAPI_VM_MEM: '4096', KCAPI_VM_ACCEL: 'tcg', KCAPI_VM_WRITABLE: '/a::/b' },
      ),
    ).toMatchObject({ kernel: 'sid', memMiB: 512, accel: 'tcg', writable: ['/a', '/b'] });
    expect(() => resolveSettings({}, { KCAPI_VM_ACCEL: 'fast' })).toThrow(UsageError);
    expect(() => resolveSettings({ cpus: 1.5 }, {})).toThrow(/positive integer/);
  });
});

describe('runner errors', () => {
  it('are one line (plus the console tail), with distinct statuses', () => {
    const lines: string[] = [];
    const write = (text: string): void => void lines.push(text);
    expect(reportVmError(new UsageError('bad'), write)).toBe(2);
    expect(reportVmError(new OperationError('qemu-system-x86_64 not found'), write)).toBe(125);
    expect(reportVmError(new GuestBootError('the guest did not boot within 5 s', ['Booting', 'Kernel panic']), write)).toBe(125);
    expect(lines.join('')).toBe(
      'kcapi vm: bad (see kcapi vm --help)\n' +
        'kcapi vm: qemu-system-x86_64 not found\n' +
        'kcapi vm: the guest did not boot within 5 s; console tail:\n  | Booting\n  | Kernel panic\n',
    );
  });
});
