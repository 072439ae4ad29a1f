import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { OperationError, UsageError } from '../errors.js';
import { parseEnvAssignments } from './environment.js';
import { GuestBootError, runnerFailureStatus } from './guest-error.js';
import { catalogue } from './kernel-catalogue.js';
import { runInGuest, type RunInGuestOptions } from './run-in-guest.js';
import { parseAccel, parsePositive, settingsVariables } from './settings.js';

/** Parsed `kcapi vm` arguments: runInGuest options, or a request for help. */
export type VmInvocation =
  | { readonly kind: 'run'; readonly options: RunInGuestOptions; readonly envItems: readonly string[] }
  | { readonly kind: 'help'; readonly text: string };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function checked<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

function vmProgram(): Command {
  const kernels = catalogue.map((entry) => `${entry.name}: ${entry.description}`).join('; ');
  return new Command('kcapi vm')
    .description(
      'Boot a kernel under QEMU and run COMMAND in it: the host root read-only, /tmp a tmpfs, the ' +
        'working directory kept; stdout, stderr and the exit status come back unchanged (stdin is ' +
        '/dev/null). Exit status: the command\'s; 127 if it is not found in the guest, 126 if the ' +
        'working directory is missing there, 125 if the runner fails (no qemu, no kernel, no boot), ' +
        '2 for a usage error. Kernels are cached under $XDG_CACHE_HOME/kcapi (~/.cache/kcapi).',
    )
    .usage('[options] [--] COMMAND [ARGS...]')
    .argument('<command...>', 'the command to run in the guest and its arguments')
    .addOption(new Option('--kernel <kernel>', `6.1, 6.12, sid or the path of a bzImage (${kernels}) [${settingsVariables.kernel}]`))
    .option('--modules <dir>', 'modules of a bzImage kernel (INSTALL_MOD_PATH or lib/modules/RELEASE)')
    .addOption(new Option('--accel <accel>', `accelerator: auto uses KVM only if it works [${settingsVariables.accel}]`).argParser(checked(parseAccel)))
    .addOption(new Option('--mem <MiB>', `guest memory, default 2048 [${settingsVariables.memMiB}]`).argParser(checked((t) => parsePositive(t, '--mem', 1 << 20))))
    .addOption(new Option('--cpus <n>', `guest CPUs, default min(2, host CPUs) [${settingsVariables.cpus}]`).argParser(checked((t) => parsePositive(t, '--cpus', 256))))
    .addOption(new Option('--timeout <seconds>', `time the guest may take to boot, default 300 [${settingsVariables.timeoutSec}]`).argParser(checked((t) => parsePositive(t, '--timeout', 86_400))))
    .option('--writable <dir>', `host folder mounted read-write at the same path (repeatable) [${settingsVariables.writable}, colon-separated]`, collect)
    .option('-e, --env <NAME[=VALUE]>', 'set a variable in the guest, or pass the host value of NAME (repeatable)', collect)
    .option('--refresh', 'look for a newer kernel package even if one is cached (needs the network)')
    .passThroughOptions()
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
}

interface ParsedOptions {
  kernel?: string;
  modules?: string;
  accel?: 'auto' | 'kvm' | 'tcg';
  mem?: number;
  cpus?: number;
  timeout?: number;
  writable?: string[];
  env?: string[];
  refresh?: boolean;
}

/** Pure argument parsing of `kcapi vm ...` (argv without the `vm`). */
export function parseVmArguments(argv: readonly string[]): VmInvocation {
  const program = vmProgram();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
        return { kind: 'help', text: program.helpInformation() };
      }
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  const parsed = program.opts<ParsedOptions>();
  const command = program.args;
  return {
    kind: 'run',
    envItems: parsed.env ?? [],
    options: {
      command,
      ...(parsed.kernel !== undefined && { kernel: parsed.kernel }),
      ...(parsed.modules !== undefined && { modules: parsed.modules }),
      ...(parsed.accel !== undefined && { accel: parsed.accel }),
      ...(parsed.mem !== undefined && { memMiB: parsed.mem }),
      ...(parsed.cpus !== undefined && { cpus: parsed.cpus }),
      ...(parsed.timeout !== undefined && { timeoutSec: parsed.timeout }),
      ...(parsed.writable !== undefined && { writable: parsed.writable }),
      ...(parsed.refresh === true && { refresh: true }),
    },
  };
}

const signalStatus: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Reports a runner failure as one line (plus the console tail for boot failures); returns the exit status. */
export function reportVmError(error: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  if (error instanceof UsageError) {
    write(`kcapi vm: ${error.message} (see kcapi vm --help)\n`);
    return 2;
  }
  if (error instanceof GuestBootError) {
    write(`kcapi vm: ${error.message}${error.consoleTail.length > 0 ? '; console tail:' : ''}\n`);
    for (const line of error.consoleTail) write(`  | ${line}\n`);
    return runnerFailureStatus;
  }
  const message = error instanceof OperationError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  write(`kcapi vm: ${message}\n`);
  if (!(error instanceof OperationError) && process.env.KCAPI_DEBUG && error instanceof Error) write(`${error.stack}\n`);
  return runnerFailureStatus;
}

/**
 * `kcapi vm [options] [--] COMMAND [ARGS...]`: returns the command's exit status, 2 for a
 * usage error, 125 when the runner fails (qemu missing, kernel unavailable, no boot),
 * 127 when the command is not found in the guest.
 */
export async function vmCommand(argv: string[]): Promise<number> {
  let invocation: VmInvocation;
  try {
    invocation = parseVmArguments(argv);
  } catch (error) {
    return reportVmError(error);
  }
  if (invocation.kind === 'help') {
    process.stdout.write(invocation.text);
    return 0;
  }
  const controller = new AbortController();
  let caught: string | undefined;
  const handlers = Object.keys(signalStatus).map((signal) => {
    const handler = (): void => {
      caught = signal;
      controller.abort(new Error(`stopped by ${signal}`));
    };
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  try {
    const env = parseEnvAssignments(invocation.envItems, process.env);
    return await runInGuest({ ...invocation.options, env: { ...invocation.options.env, ...env }, signal: controller.signal });
  } catch (error) {
    if (caught !== undefined) return signalStatus[caught] ?? 130;
    return reportVmError(error);
  } finally {
    for (const remove of handlers) remove();
  }
}
