import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import type { AccelChoice } from './host/accel.js';
import { defaultKernel } from './kernel/kernel-catalogue.js';

/**
 * Every environment variable the guest runner reads, and the only place that reads them:
 * the man page's ENVIRONMENT section is generated from this table, and a unit test checks
 * that no other file under src/ names one of them.
 */
export interface Setting {
  readonly variable: string;
  readonly meaning: string;
  readonly default: string;
}

export const settingsTable = {
  kernel: {
    variable: 'KCAPI_VM_KERNEL',
    meaning: 'the guest kernel when --kernel is not given: 6.1, 6.12, sid or the path of a bzImage',
    default: defaultKernel,
  },
  accel: {
    variable: 'KCAPI_VM_ACCEL',
    meaning: 'the accelerator when --accel is not given: auto (KVM only if it works), kvm or tcg',
    default: 'auto',
  },
  memMiB: { variable: 'KCAPI_VM_MEM', meaning: 'guest memory in MiB when --mem is not given', default: '2048' },
  cpus: { variable: 'KCAPI_VM_CPUS', meaning: 'guest CPUs when --cpus is not given', default: 'min(2, host CPUs)' },
  timeoutSec: { variable: 'KCAPI_VM_TIMEOUT', meaning: 'seconds the guest may take to boot when --timeout is not given', default: '300' },
  writable: {
    variable: 'KCAPI_VM_WRITABLE',
    meaning: 'colon-separated host folders mounted read-write in the guest when no --writable is given',
    default: 'none',
  },
  hostRootCache: {
    variable: 'KCAPI_VM_ROOT_CACHE',
    meaning: '9p cache mode of the host root in the guest; none makes a one-shot guest see host changes at once',
    default: 'loose for one-shot guests, none for started guests',
  },
  extraKernelParameters: {
    variable: 'KCAPI_VM_APPEND',
    meaning: 'extra kernel parameters for the guest, separated by spaces',
    default: 'none',
  },
  extraQemuArguments: { variable: 'KCAPI_VM_QEMU_ARGS', meaning: 'extra qemu arguments, separated by spaces', default: 'none' },
  qemu: { variable: 'KCAPI_QEMU', meaning: 'the qemu program to run', default: 'qemu-system-x86_64 found on PATH' },
  pvh: {
    variable: 'KCAPI_VM_PVH',
    meaning: '0 boots an xz-compressed kernel (Debian 6.1) through its bzImage instead of the ELF unpacked once for its PVH entry',
    default: '1',
  },
  warm: {
    variable: 'KCAPI_VM_WARM',
    meaning:
      '0 when starting a guest (kcapi vm start) makes it run every kcapi --vm invocation as a process instead of in a prepared worker thread',
    default: '1',
  },
  noInstall: {
    variable: 'KCAPI_VM_NO_INSTALL',
    meaning:
      'when set, the runner never installs a missing host package (qemu, busybox-static, kmod, ...) itself; as root with apt-get it does otherwise',
    default: 'unset',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof settingsTable;

/** The variable of each setting, by setting name. */
export const settingsVariables = Object.fromEntries(Object.entries(settingsTable).map(([name, setting]) => [name, setting.variable])) as {
  readonly [Name in SettingName]: (typeof settingsTable)[Name]['variable'];
};

type Environment = Readonly<Record<string, string | undefined>>;

/** A setting's value in `env`; an empty variable counts as unset. */
function fromEnv(env: Environment, name: SettingName): string | undefined {
  const value = env[settingsTable[name].variable];
  return value === '' ? undefined : value;
}

/** Runner settings after defaults: options first, then KCAPI_VM_* variables, then built-in values. */
export interface RunnerSettings {
  readonly kernel: string;
  readonly accel: AccelChoice;
  readonly memMiB: number;
  readonly cpus: number;
  readonly timeoutSec: number;
  readonly writable: readonly string[];
  /** 9p cache mode for the host root (KCAPI_VM_ROOT_CACHE): one-shot guests default to loose, persistent ones to none. */
  readonly hostRootCache?: string | undefined;
  /** Extra kernel parameters (KCAPI_VM_APPEND) and qemu arguments (KCAPI_VM_QEMU_ARGS, split at spaces). */
  readonly extraKernelParameters: readonly string[];
  readonly extraQemuArguments: readonly string[];
  /** The qemu program named by KCAPI_QEMU; undefined: the architecture's, found on PATH. */
  readonly qemu?: string | undefined;
  /** Boot an xz kernel through its unpacked ELF (KCAPI_VM_PVH). */
  readonly pvh: boolean;
  /** A started guest runs kcapi invocations in a prepared worker thread (KCAPI_VM_WARM). */
  readonly warm: boolean;
}

export interface SettingsInput {
  readonly kernel?: string | undefined;
  readonly accel?: AccelChoice | undefined;
  readonly memMiB?: number | undefined;
  readonly cpus?: number | undefined;
  readonly timeoutSec?: number | undefined;
  readonly writable?: readonly string[] | undefined;
}

export function parseAccel(text: string): AccelChoice {
  if (text === 'auto' || text === 'kvm' || text === 'tcg') return text;
  throw new UsageError(`--accel must be auto, kvm or tcg, not "${text}"`);
}

export function parsePositive(text: string, what: string, max: number): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0) || value > max) {
    throw new UsageError(`${what} must be a positive number up to ${max}, not "${text}"`);
  }
  return value;
}

export function resolveSettings(input: SettingsInput, env: Environment): RunnerSettings {
  const number = (given: number | undefined, name: SettingName, fallback: number, what: string, max: number, integer: boolean): number => {
    const text = fromEnv(env, name);
    const value = given ?? (text === undefined ? fallback : parsePositive(text, settingsTable[name].variable, max));
    if (!(value > 0) || value > max || (integer && !Number.isInteger(value))) {
      throw new UsageError(`${what} must be a positive ${integer ? 'integer' : 'number'} up to ${max}, not ${value}`);
    }
    return value;
  };
  const accelText = fromEnv(env, 'accel');
  return {
    kernel: input.kernel ?? fromEnv(env, 'kernel') ?? defaultKernel,
    accel: input.accel ?? (accelText === undefined ? 'auto' : parseAccel(accelText)),
    memMiB: number(input.memMiB, 'memMiB', 2048, 'the memory size (MiB)', 1 << 20, true),
    cpus: number(input.cpus, 'cpus', Math.min(2, availableParallelism()), 'the number of CPUs', 256, true),
    timeoutSec: number(input.timeoutSec, 'timeoutSec', 300, 'the boot timeout (s)', 86_400, false),
    writable: input.writable ?? (fromEnv(env, 'writable') ?? '').split(':').filter(Boolean),
    hostRootCache: fromEnv(env, 'hostRootCache'),
    extraKernelParameters: (fromEnv(env, 'extraKernelParameters') ?? '').split(/\s+/).filter(Boolean),
    extraQemuArguments: (fromEnv(env, 'extraQemuArguments') ?? '').split(/\s+/).filter(Boolean),
    qemu: fromEnv(env, 'qemu'),
    pvh: env[settingsTable.pvh.variable] !== '0',
    warm: env[settingsTable.warm.variable] !== '0',
  };
}

/**
 * Whether the runner may install missing Debian packages itself (unless KCAPI_VM_NO_INSTALL
 * is set). Read where a tool turns out to be missing, deep in kernel and initramfs
 * preparation, rather than carried there.
 */
export function installsMissingPackages(env: Environment = process.env): boolean {
  return !env[settingsTable.noInstall.variable];
}
