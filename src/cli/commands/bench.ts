/**
 * `kcapi bench`: throughput and latency of the request modes by request size, beside the
 * same work done in process by node:crypto. Exit 0 when every mode computed the right
 * results and was measured, 1 when a mode's results differ from node:crypto, 2 for a usage
 * error, 3 when the kernel lacks AF_ALG or the cipher.
 */
import { writeFileSync } from 'node:fs';
import { renderChart } from '../../bench/chart.js';
import { formatTable, reportHeading } from '../../bench/format.js';
import {
  defaultAlgorithm,
  defaultDurationSeconds,
  defaultModes,
  defaultRepetitions,
  defaultSizes,
  parseDuration,
  parseModes,
  parseRepetitions,
  parseSizes,
  type BenchSettings,
} from '../../bench/options.js';
import { runBench } from '../../bench/run.js';
import { ExitStatus, UsageError } from '../../errors.js';
import type { OptionValues } from 'commander';
import { helpText, parseCommand, subcommandProgram, type CommandDefinition } from './command-line.js';
import { bar, createProgress } from './toolkit-progress.js';

export const benchCommand: CommandDefinition = {
  name: 'bench',
  program: () =>
    subcommandProgram(
      'bench',
      'Measures a symmetric cipher through AF_ALG in each request mode and request size: requests per second, ' +
        'MB/s (10^6 bytes/s), latency percentiles (p50, p99; the requests of one batch share its latency), and the ' +
        'spread of the repetitions; beside it the same work done in this process by node:crypto, and the ratio ' +
        'AF_ALG / node:crypto. Before a mode is measured, its requests are checked byte for byte against ' +
        'node:crypto. Each measurement has a warm-up, then --repetitions runs that together take --duration seconds.\n\n' +
        'Modes: oneshot (send with IV + read per request), stream (the kernel carries the IV from request to ' +
        'request), chained (AIO batches on one socket, IV carried on), inline-iv (AIO, an IV with every request), ' +
        'fanout:N (chained over N sockets, waiting on pool threads).',
    )
      .option('-c, --cipher <name>', 'skcipher to measure', defaultAlgorithm)
      .option('--sizes <list>', 'request sizes in bytes, comma-separated', defaultSizes.join(','))
      .option('--modes <list>', 'modes, comma-separated', defaultModes)
      .option('--duration <seconds>', 'seconds per measurement and side', String(defaultDurationSeconds))
      .option('--repetitions <n>', 'repetitions per measurement', String(defaultRepetitions))
      .option('--json', 'one JSON document (schema "kcapi-bench/1") instead of the table')
      .option('--chart <file.svg>', 'also draw throughput by request size per mode as an SVG chart')
      .option('--no-progress', 'no progress bar on a terminal'),
  epilogue:
    "Exit status: 0 measured, 1 a mode's results differ from node:crypto, 2 usage\n" + 'error, 3 the kernel lacks AF_ALG or the cipher.\n',
};

interface BenchOptions extends OptionValues {
  cipher: string;
  sizes: string;
  modes: string;
  duration: string;
  repetitions: string;
  json?: boolean;
  chart?: string;
  progress: boolean;
}

export interface BenchInvocation {
  readonly settings: BenchSettings;
  readonly json: boolean;
  readonly chart: string | undefined;
  readonly progress: boolean;
}

/** The parsed command line, or 'help'. */
export function parseBenchArgs(argv: readonly string[]): BenchInvocation | 'help' {
  const parsed = parseCommand<BenchOptions>(benchCommand, argv);
  if (parsed.kind === 'help') return 'help';
  const values = parsed.options;
  if (values.cipher === '') throw new UsageError('bench: -c needs an algorithm name');
  if (values.chart !== undefined && values.chart === '') throw new UsageError('bench: --chart needs a file name');
  return {
    settings: {
      algorithm: values.cipher,
      sizes: parseSizes(values.sizes),
      modes: parseModes(values.modes),
      durationSeconds: parseDuration(values.duration),
      repetitions: parseRepetitions(values.repetitions),
    },
    json: values.json === true,
    chart: values.chart,
    progress: values.progress,
  };
}

export async function run(argv: string[]): Promise<number> {
  const invocation = parseBenchArgs(argv);
  if (invocation === 'help') {
    process.stdout.write(helpText(benchCommand));
    return ExitStatus.ok;
  }
  const progress = createProgress(invocation.progress && process.stderr.isTTY === true);
  let report;
  try {
    report = await runBench(invocation.settings, (step) =>
      progress.update(`${bar(step.fraction)} ${Math.round(step.fraction * 100)}%  ${step.mode} ${step.size} B ${step.side}`),
    );
  } finally {
    progress.clear();
  }
  if (invocation.chart !== undefined) writeFileSync(invocation.chart, renderChart(report));
  if (invocation.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`${reportHeading(report)}\n\n${formatTable(report).join('\n')}\n`);
    if (invocation.chart !== undefined) process.stdout.write(`\nchart: ${invocation.chart}\n`);
  }
  return ExitStatus.ok;
}
