import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { OperationError, UsageError } from '../../errors.js';
import { parseEnvAssignments } from '../guest/environment.js';
import { GuestBootError, runnerFailureStatus } from '../plan/guest-error.js';
import { catalogue } from '../kernel/kernel-catalogue.js';
import { type GuestManagement, manageGuests } from './persistent-command.js';
import type { StartOptions } from '../persistent/persistent-guest.js';
import { runInGuest, type RunInGuestOptions } from '../run-in-guest.js';
import { type Device, deviceNames, deviceTable, isDevice } from '../plan/devices.js';
import { parseAccel, parsePositive, settingsVariables } from '../settings.js';

/** Parsed `kcapi vm` arguments: runInGuest options, or a request for help. */
export type VmInvocation =
  | { readonly kind: 'run'; readonly options: RunInGuestOptions; readonly envItems: readonly string[] }
  | GuestManagement
  | { readonly kind: 'help'; readonly text: string };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseDevice(text: string, previous: Device[] = []): Device[] {
  if (!isDevice(text)) throw new UsageError(`--device must be ${deviceNames.join(' or ')}, not "${text}"`);
  return previous.includes(text) ? previous : [...previous, text];
}

/** A commander argument parser from one that throws UsageError. */
function checked<T, P>(parse: (text: string, previous: P) => T): (text: string, previous: P) => T {
  return (text, previous) => {
    try {
      return parse(text, previous);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** The options every boot takes, shared by `kcapi vm [--] COMMAND` and `kcapi vm start`. */
function withGuestOptions(command: Command): Command {
  const kernels = catalogue.map((entry) => `${entry.name}: ${entry.description}`).join('; ');
  return command
    .addOption(new Option('--kernel <kernel>', `6.1, 6.12, sid or the path of a bzImage (${kernels}) [${settingsVariables.kernel}]`))
    .option('--modules <dir>', 'modules of a bzImage kernel (INSTALL_MOD_PATH or lib/modules/RELEASE)')
    .addOption(
      new Option('--accel <accel>', `accelerator: auto uses KVM only if it works [${settingsVariables.accel}]`).argParser(
        checked(parseAccel),
      ),
    )
    .addOption(
      new Option('--mem <MiB>', `guest memory, default 2048 [${settingsVariables.memMiB}]`).argParser(
        checked((t) => parsePositive(t, '--mem', 1 << 20)),
      ),
    )
    .addOption(
      new Option('--cpus <n>', `guest CPUs, default min(2, host CPUs) [${settingsVariables.cpus}]`).argParser(
        checked((t) => parsePositive(t, '--cpus', 256)),
      ),
    )
    .addOption(
      new Option('--timeout <seconds>', `time the guest may take to boot, default 300 [${settingsVariables.timeoutSec}]`).argParser(
        checked((t) => parsePositive(t, '--timeout', 86_400)),
      ),
    )
    .option(
      '--writable <dir>',
      `host folder mounted read-write at the same path (repeatable) [${settingsVariables.writable}, colon-separated]`,
      collect,
    )
    .addOption(
      new Option(
        '--device <name>',
        `give the guest a device (repeatable): ${deviceNames.map((name) => `${name}, ${deviceTable[name].summary}`).join('; ')}`,
      ).argParser(checked(parseDevice)),
    )
    .option('--refresh', 'look for a newer kernel package even if one is cached (needs the network)');
}

function quiet(command: Command): Command {
  return command
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
}

const persistentHelp = `
Persistent guest (one per kernel; state under $XDG_RUNTIME_DIR/kcapi, else ~/.cache/kcapi/run):
  kcapi vm start [--kernel K] [--mem M] [--cpus N] [--accel A] [--writable DIR]...
                      boot a guest that stays up; returns once it serves commands
  kcapi vm stop [--kernel K | --all]    power it off (kill it if it does not stop)
  kcapi vm status                       list the running guests (a stale one is cleaned up)
While one runs, \`kcapi vm -- COMMAND\` and \`kcapi --vm ...\` of the same kernel run in it
(about a second instead of a boot), with the same cwd, environment, byte-exact stdout and
stderr and exit status. A fresh guest is booted instead when none runs, when it does not
answer, when the working directory is under /tmp or /run, or when --writable names a
folder the guest was not started with (shares are fixed at start: give them to start).
--fresh always boots a fresh guest. A word start/stop/status that is the command to run
goes after --.
`;

function vmProgram(): Command {
  return quiet(
    withGuestOptions(
      new Command('kcapi vm')
        .description(
          'Boot a kernel under QEMU and run COMMAND in it: the host root read-only, /tmp a tmpfs, the ' +
            'working directory kept; stdout, stderr and the exit status come back unchanged (stdin is ' +
            "/dev/null). Exit status: the command's; 127 if it is not found in the guest, 126 if the " +
            'working directory is missing there, 125 if the runner fails (no qemu, no kernel, no boot), ' +
            '2 for a usage error. Kernels are cached under $XDG_CACHE_HOME/kcapi (~/.cache/kcapi).',
        )
        .usage('[options] [--] COMMAND [ARGS...]\n       kcapi vm start|stop|status [options]')
        .argument('<command...>', 'the command to run in the guest and its arguments'),
    )
      .option('-e, --env <NAME[=VALUE]>', 'set a variable in the guest, or pass the host value of NAME (repeatable)', collect)
      .option('--fresh', 'boot a fresh guest even if a persistent one of this kernel runs')
      .passThroughOptions(),
  );
}

function startProgram(): Command {
  return quiet(
    withGuestOptions(
      new Command('kcapi vm start').description(
        'Boot a guest that stays up and serves `kcapi vm -- COMMAND` and `kcapi --vm ...` calls of the same kernel; ' +
          'returns once it is ready and prints where its state lives. A healthy guest of the kernel already ' +
          'running is kept; a stale one (qemu gone, or not answering) is replaced. Writable folders are fixed here.',
      ),
    ),
  );
}

function stopProgram(): Command {
  return quiet(
    new Command('kcapi vm stop')
      .description('Power off the persistent guest of a kernel (killed if it does not stop within 30 s).')
      .addOption(new Option('--kernel <kernel>', `the guest's kernel, default 6.1 [${settingsVariables.kernel}]`))
      .option('--modules <dir>', 'modules of a bzImage kernel, as given to start')
      .option('--all', 'stop every persistent guest'),
  );
}

function statusProgram(): Command {
  return quiet(
    new Command('kcapi vm status').description('List the persistent guests: kernel, release, qemu pid, uptime, answer time, state folder.'),
  );
}

interface ParsedOptions {
  kernel?: string;
  modules?: string;
  accel?: 'auto' | 'kvm' | 'tcg';
  mem?: number;
  cpus?: number;
  timeout?: number;
  writable?: string[];
  device?: Device[];
  env?: string[];
  refresh?: boolean;
  fresh?: boolean;
  all?: boolean;
}

const subcommandNames = ['start', 'stop', 'status'] as const;
type SubcommandName = (typeof subcommandNames)[number];

/** Runs commander on `argv`; help and errors come back as values or UsageError. */
function parseWith(program: Command, argv: readonly string[]): { opts: ParsedOptions; args: string[] } | { help: string } {
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return { help: program.helpInformation() };
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  return { opts: program.opts<ParsedOptions>(), args: program.args };
}

function bootOptions(parsed: ParsedOptions): StartOptions {
  return {
    ...(parsed.kernel !== undefined && { kernel: parsed.kernel }),
    ...(parsed.modules !== undefined && { modules: parsed.modules }),
    ...(parsed.accel !== undefined && { accel: parsed.accel }),
    ...(parsed.mem !== undefined && { memMiB: parsed.mem }),
    ...(parsed.cpus !== undefined && { cpus: parsed.cpus }),
    ...(parsed.timeout !== undefined && { timeoutSec: parsed.timeout }),
    ...(parsed.writable !== undefined && { writable: parsed.writable }),
    ...(parsed.device !== undefined && { devices: parsed.device }),
    ...(parsed.refresh === true && { refresh: true }),
  };
}

/** The position of a start/stop/status word that names a subcommand (not after --, not an option value). */
function subcommandWord(argv: readonly string[], firstArgument: string | undefined): number {
  const dashes = argv.indexOf('--');
  const index = argv.findIndex((word) => (subcommandNames as readonly string[]).includes(word));
  return index >= 0 && (dashes < 0 || index < dashes) && argv[index] === firstArgument ? index : -1;
}

function parseSubcommand(name: SubcommandName, argv: readonly string[]): VmInvocation {
  const program = name === 'start' ? startProgram() : name === 'stop' ? stopProgram() : statusProgram();
  const parsed = parseWith(program, argv);
  if ('help' in parsed) return { kind: 'help', text: parsed.help };
  if (name === 'start') return { kind: 'start', options: bootOptions(parsed.opts) };
  if (name === 'stop') {
    if (parsed.opts.all === true && parsed.opts.kernel !== undefined) throw new UsageError('give --kernel or --all, not both');
    const { kernel, modules } = parsed.opts;
    return {
      kind: 'stop',
      all: parsed.opts.all === true,
      ...(kernel !== undefined && { kernel }),
      ...(modules !== undefined && { modules }),
    };
  }
  return { kind: 'status' };
}

/** Pure argument parsing of `kcapi vm ...` (argv without the `vm`). */
export function parseVmArguments(argv: readonly string[]): VmInvocation {
  const first = argv[0];
  if (first !== undefined && (subcommandNames as readonly string[]).includes(first)) {
    return parseSubcommand(first as SubcommandName, argv.slice(1));
  }
  const parsed = parseWith(vmProgram(), argv);
  if ('help' in parsed) return { kind: 'help', text: `${parsed.help}${persistentHelp}` };
  const word = subcommandWord(argv, parsed.args[0]);
  if (word >= 0) return parseSubcommand(argv[word] as SubcommandName, [...argv.slice(0, word), ...argv.slice(word + 1)]);
  return {
    kind: 'run',
    envItems: parsed.opts.env ?? [],
    options: {
      command: parsed.args,
      ...bootOptions(parsed.opts),
      ...(parsed.opts.fresh === true && { reuse: false }),
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
  const message =
    error instanceof OperationError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
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
  if (invocation.kind !== 'run') {
    try {
      return await manageGuests(invocation, (text) => process.stdout.write(text));
    } catch (error) {
      return reportVmError(error);
    }
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
