/**
 * `kcapi vectors PATH...`: runs NIST CAVP response files (and the RFC/SP 800-108 listings in
 * the same layout) through the kernel, one process, and judges every vector.
 * Exit status: 0 all vectors passed or were skipped, 1 a vector failed or a file had
 * malformed records, 2 usage error, 3 no AF_ALG.
 */
import chalk from 'chalk';
import { release } from 'node:os';
import { ExitStatus, UsageError } from '../../errors.js';
import type { CryptoBackend } from '../../verify/backend.js';
import { formatFileMessage } from '../../verify/cavp.js';
import { collectVectorFiles } from '../../verify/discover.js';
import { SoftwareBackend } from '../../verify/software-backend.js';
import { jsonReporter } from '../../verify/report/json.js';
import { junitReporter } from '../../verify/report/junit.js';
import type { Reporter, RunContext } from '../../verify/report/reporter.js';
import { tapReporter } from '../../verify/report/tap.js';
import { plainStyle, textReporter, type TextStyle } from '../../verify/report/text.js';
import { runVectorFiles, type DriverAware, type RunListener, type Tally } from '../../verify/runner.js';
import { parseCommand, subcommandProgram, type CommandDefinition } from './command-line.js';
import { chooseFormat, type FormatOptions } from './toolkit-args.js';
import { bar, createProgress, type Progress } from './toolkit-progress.js';

const formats = ['text', 'json', 'tap', 'junit'] as const;
type Format = (typeof formats)[number];

export const vectorsCommand: CommandDefinition = {
  name: 'vectors',
  program: () =>
    subcommandProgram(
      'vectors',
      "Runs NIST CAVP response files through the kernel's crypto API (AF_ALG) and judges every vector. PATH is a " +
        'file or a directory (searched recursively for *.rsp files and the recognised .txt listings: ' +
        'aes-*-ctr.txt, RFC HMAC, SP 800-108 KDF). Formats: AES CBC/ECB/OFB/CFB/CTR/XTS KAT and MMT, GCM, CCM, ' +
        'TDES, SHA-1/SHA-2/SHA-3 ShortMsg, LongMsg and Monte, HMAC, SP 800-108 counter-mode KDF; others are ' +
        'skipped with a note or a reason.',
    )
      .usage('[options] PATH...')
      .argument('[PATH...]', 'vector files or directories')
      .option('--format <format>', 'text (the default), json, tap or junit')
      .option('--json', 'the same as --format json')
      .option('--grep <regex>', 'run only vectors whose id, file or algorithm matches REGEX')
      .option('--quiet', 'text format: leave out passing vectors')
      .option(
        '--monte',
        'also run the Monte Carlo files found in directories (SHA*Monte.rsp: 100 000 chained digests per file; ' +
          'named files always run)',
      )
      .option('--software', 'run the vectors through node:crypto instead of the kernel (checks the files themselves; no AF_ALG needed)')
      .option('--no-progress', 'no progress line on a terminal'),
  epilogue:
    'Exit status: 0 every vector passed or was skipped (the reason is shown), 1 a\n' +
    'vector failed or a file has malformed records, 2 usage error, 3 the kernel has\n' +
    'no AF_ALG.\n',
};

interface VectorsOptions extends FormatOptions {
  grep?: string;
  quiet?: boolean;
  monte?: boolean;
  software?: boolean;
  progress: boolean;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand<VectorsOptions>(vectorsCommand, argv);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return ExitStatus.ok;
  }
  const { options: values, args: positionals } = parsed;
  const format = chooseFormat('vectors', formats, values.format, values.json);
  if (positionals.length === 0) throw new UsageError('vectors: give at least one vector file or directory');
  const select = values.grep === undefined ? undefined : selectByPattern(values.grep);
  const { files, leftOut } = await collectVectorFiles(positionals, { monteCarlo: values.monte ?? false });
  if (leftOut.length > 0) {
    process.stderr.write(
      `kcapi: vectors: note: left out ${leftOut.length} Monte Carlo file${leftOut.length === 1 ? '' : 's'} found in directories ` +
        '(1000 chained digests per vector); name them or add --monte to run them\n',
    );
  }
  if (files.length === 0) throw new UsageError(`vectors: no vector files in ${positionals.join(', ')}`);

  const backend = values.software ? new SoftwareBackend() : await openKernelBackend();
  try {
    const progress = createProgress(values.progress && process.stderr.isTTY === true);
    const sharedTerminal = process.stdout.isTTY === true;
    const write = (text: string) => {
      if (sharedTerminal) progress.hide();
      process.stdout.write(text);
    };
    const context: RunContext = { backend: backend.name, kernelRelease: release() };
    const reporter = createReporter(format, write, context, values.quiet ?? false);
    const summary = await runVectorFiles(files, backend, combine(reporter, progressListener(progress)), { select });
    progress.clear();
    reporter.finish(summary);
    if (summary.tally.total === 0) {
      process.stderr.write('kcapi: vectors: no test vectors found\n');
      return ExitStatus.usage;
    }
    return summary.tally.failed > 0 || summary.tally.malformed > 0 ? ExitStatus.failed : ExitStatus.ok;
  } finally {
    (backend as { close?: () => void }).close?.();
  }
}

async function openKernelBackend(): Promise<CryptoBackend & DriverAware & { close(): void }> {
  const { KernelBackend } = await import('../../verify/kernel-backend.js');
  return KernelBackend.open();
}

function selectByPattern(pattern: string) {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch (error) {
    throw new UsageError(`vectors: --grep: ${(error as Error).message}`);
  }
  return (c: { id: string; file: string; algorithm: string }) => regex.test(c.id) || regex.test(c.file) || regex.test(c.algorithm);
}

function createReporter(format: Format, write: (text: string) => void, context: RunContext, quiet: boolean): Reporter {
  switch (format) {
    case 'json':
      return jsonReporter(write, context);
    case 'tap':
      return tapReporter(write);
    case 'junit':
      return junitReporter(write, context);
    case 'text':
      return textReporter(write, process.stdout.isTTY && chalk.level > 0 ? colours() : plainStyle, quiet);
  }
}

function colours(): TextStyle {
  return { pass: chalk.green, fail: chalk.red.bold, skip: chalk.yellow, dim: chalk.dim };
}

/** Notes and malformed lines go to stderr; the progress line shows where the run is. */
function progressListener(progress: Progress): RunListener {
  let fileIndex = 0;
  let fileCount = 0;
  let fileName = '';
  let caseCount = 0;
  const overall = { passed: 0, failed: 0, skipped: 0 };
  const show = (tally: Tally) => {
    const fraction = fileCount === 0 ? 0 : (fileIndex + (caseCount ? tally.total / caseCount : 0)) / fileCount;
    progress.update(
      `${bar(fraction)} file ${fileIndex + 1}/${fileCount} ${fileName} ${tally.total}/${caseCount}` +
        ` | ${overall.passed + tally.passed} pass, ${overall.failed + tally.failed} fail, ${overall.skipped + tally.skipped} skip`,
    );
  };
  return {
    fileStart(file, index, count) {
      fileIndex = index;
      fileCount = count;
      fileName = file.split('/').pop() ?? file;
    },
    fileParsed(summary) {
      caseCount = summary.caseCount;
      for (const note of summary.notes) progress.message(`kcapi: vectors: note: ${formatFileMessage(note)}`);
      for (const problem of summary.malformed) progress.message(`kcapi: vectors: malformed: ${formatFileMessage(problem)}`);
    },
    result(_, tally) {
      show(tally);
    },
    fileEnd({ tally }) {
      overall.passed += tally.passed;
      overall.failed += tally.failed;
      overall.skipped += tally.skipped;
    },
  };
}

function combine(...listeners: RunListener[]): RunListener {
  return {
    fileStart: (...args) => listeners.forEach((l) => l.fileStart?.(...args)),
    fileParsed: (...args) => listeners.forEach((l) => l.fileParsed?.(...args)),
    result: (...args) => listeners.forEach((l) => l.result?.(...args)),
    fileEnd: (...args) => listeners.forEach((l) => l.fileEnd?.(...args)),
  };
}
