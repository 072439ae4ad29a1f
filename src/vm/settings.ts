import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import type { AccelChoice } from './host/accel.js';
import { defaultKernel } from './kernel/kernel-catalogue.js';

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
}

export interface SettingsInput {
  readonly kernel?: string | undefined;
  readonly accel?: AccelChoice | undefined;
  readonly memMiB?: number | undefined;
  readonly cpus?: number | undefined;
  readonly timeoutSec?: number | undefined;
  readonly writable?: readonly string[] | undefined;
}

export const settingsVariables = {
  kernel: 'KCAPI_VM_KERNEL',
  accel: 'KCAPI_VM_ACCEL',
  memMiB: 'KCAPI_VM_MEM',
  cpus: 'KCAPI_VM_CPUS',
  timeoutSec: 'KCAPI_VM_TIMEOUT',
  writable: 'KCAPI_VM_WRITABLE',
  hostRootCache: 'KCAPI_VM_ROOT_CACHE',
  extraKernelParameters: 'KCAPI_VM_APPEND',
  extraQemuArguments: 'KCAPI_VM_QEMU_ARGS',
} as const;

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

export function resolveSettings(input: SettingsInput, env: Readonly<Record<string, string | undefined>>): RunnerSettings {
  const fromEnv = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const number = (given: number | undefined, variable: string, fallback: number, what: string, max: number, integer: boolean): number => {
    const text = fromEnv(variable);
    const value = given ?? (text === undefined ? fallback : parsePositive(text, `${variable}`, max));
    if (!(value > 0) || value > max || (integer && !Number.isInteger(value))) {
      throw new UsageError(`${what} must be a positive ${integer ? 'integer' : 'number'} up to ${max}, not ${value}`);
    }
    return value;
  };
  const accelText = fromEnv(settingsVariables.accel);
  return {
    kernel: input.kernel ?? fromEnv(settingsVariables.kernel) ?? defaultKernel,
    accel: input.accel ?? (accelText === undefined ? 'auto' : parseAccel(accelText)),
    memMiB: number(input.memMiB, settingsVariables.memMiB, 2048, 'the memory size (MiB)', 1 << 20, true),
    cpus: number(input.cpus, settingsVariables.cpus, Math.min(2, availableParallelism()), 'the number of CPUs', 256, true),
    timeoutSec: number(input.timeoutSec, settingsVariables.timeoutSec, 300, 'the boot timeout (s)', 86_400, false),
    writable: input.writable ?? (fromEnv(settingsVariables.writable) ?? '').split(':').filter(Boolean),
    hostRootCache: fromEnv(settingsVariables.hostRootCache),
    extraKernelParameters: (fromEnv(settingsVariables.extraKernelParameters) ?? '').split(/\s+/).filter(Boolean),
    extraQemuArguments: (fromEnv(settingsVariables.extraQemuArguments) ?? '').split(/\s+/).filter(Boolean),
  };
}
