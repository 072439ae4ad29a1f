import { UsageError } from '../errors.js';
import { hexProblem } from '../ops/hex.js';
import { ccmNonceToIv, defaultOptions, maxCcmNonceLength, requestModes, type KcapiOptions, type RequestMode } from '../ops/options.js';
import type { Output } from '../ops/output.js';
import type { DataSources } from './data-source.js';
import type { OptionOccurrence } from './getopt.js';
import { optionName, type OptionKey, type OptionSpec } from './option-table.js';

/** What the command line asks for, beyond the operation itself. */
export interface CliRequest {
  readonly options: KcapiOptions;
  /** `--vm[=KERNEL]`: run in a guest; `kernel` undefined means the default kernel. */
  readonly vm: { readonly kernel: string | undefined } | undefined;
  readonly batch: string | undefined;
  readonly failFast: boolean;
}

/** The reference copies at most 62 characters of -c (CIPHERMAXNAME − 1). */
const maxCipherNameLength = 62;
const maxUint32 = 0xffff_ffff;
const maxInt32 = 0x7fff_ffff;

/** Upper bounds of the counts, as wide as the reference's fields. */
const countLimits: Partial<Record<OptionKey, number>> = {
  cipherType: maxInt32,
  operation: 3,
  tagLength: maxUint32,
  loops: maxUint32,
  outputLength: maxInt32,
  handles: 1024,
};

/**
 * Folds the parsed options into a request, checking every value strictly (docs/reference-cli.md §10).
 * `output` receives the reference's stdout line for a -l/-t mismatch.
 */
export function toRequest(occurrences: readonly OptionOccurrence[], sources: DataSources, output: Output): CliRequest {
  const options: { -readonly [K in keyof KcapiOptions]: KcapiOptions[K] } = { ...defaultOptions };
  let tagLengthOption: number | undefined;
  let vm: CliRequest['vm'];
  let batch: string | undefined;
  let failFast = false;
  const stdinUsers: string[] = [];

  const hex = (occurrence: OptionOccurrence): Uint8Array | undefined => decodeData(occurrence, sources, stdinUsers);

  for (const occurrence of occurrences) {
    const { spec } = occurrence;
    const raw = occurrence.value ?? '';
    switch (spec.key) {
      case 'cipherType':
        options.cipherType = count(occurrence);
        break;
      case 'encrypt':
        options.operation = 1;
        break;
      case 'operation':
        options.operation = count(occurrence);
        break;
      case 'cipher':
        options.cipher = raw.slice(0, maxCipherNameLength);
        break;
      case 'plaintext':
        options.plaintext = hex(occurrence);
        break;
      case 'ciphertext':
        options.ciphertext = hex(occurrence);
        break;
      case 'iv':
        options.iv = hex(occurrence);
        break;
      case 'nonce': {
        const nonce = hex(occurrence);
        if (nonce === undefined) break;
        if (nonce.length > maxCcmNonceLength) {
          throw bad(occurrence, `a CCM nonce has at most ${maxCcmNonceLength} bytes, this one has ${nonce.length}`);
        }
        options.iv = ccmNonceToIv(nonce);
        break;
      }
      case 'key':
        options.key = hex(occurrence);
        break;
      case 'publicKey':
        options.publicKey = hex(occurrence);
        break;
      case 'assoc':
        options.assoc = hex(occurrence);
        break;
      case 'tagLength':
        tagLengthOption = count(occurrence);
        break;
      case 'tag':
        options.tag = hex(occurrence);
        break;
      case 'loops':
        options.loops = count(occurrence);
        break;
      case 'outputLength':
        options.outputLength = count(occurrence);
        break;
      case 'stream':
        options.stream = true;
        break;
      case 'vmsplice':
        options.vmsplice = true;
        break;
      case 'aligned':
        options.aligned = true;
        break;
      case 'aioFallback':
        options.aioFallback = true;
        break;
      case 'multithreaded':
        options.multithreaded = true;
        break;
      case 'printAad':
        options.printAad = true;
        break;
      case 'largeInput':
        options.largeInput = true;
        break;
      case 'aux':
        options.aux = true;
        break;
      case 'fuzz':
        options.fuzz = true;
        break;
      case 'timing':
        options.timing = true;
        break;
      case 'vm':
        vm = { kernel: occurrence.value };
        break;
      case 'mode':
        options.mode = requestMode(occurrence);
        break;
      case 'handles':
        options.handles = count(occurrence);
        break;
      case 'ivs':
        options.ivs = hexList(occurrence);
        break;
      case 'check':
        options.check = true;
        break;
      case 'verbose':
        options.verbose = true;
        break;
      case 'json':
        options.json = true;
        break;
      case 'expect':
        options.expect = hex(occurrence);
        break;
      case 'verify':
        options.verify = true;
        break;
      case 'allDrivers':
        options.allDrivers = true;
        break;
      case 'batch':
        batch = raw;
        break;
      case 'failFast':
        failFast = true;
        break;
      case 'version':
      case 'help':
        break;
    }
  }

  if (stdinUsers.length > 1) {
    throw new UsageError(`only one option can read standard input (@-), not ${stdinUsers.join(' and ')}`);
  }
  options.tagLength = resolveTagLength(tagLengthOption, options.tag, output);
  return { options, vm, batch, failFast };
}

/** `-l` and `-t` in either order (docs/reference-cli.md §10); the reference's message when they disagree. */
function resolveTagLength(tagLengthOption: number | undefined, tag: Uint8Array | undefined, output: Output): number {
  if (tagLengthOption !== undefined && tag !== undefined && tagLengthOption !== tag.length) {
    output.line('Set taglen != tag size');
    throw new UsageError(`-l ${tagLengthOption} does not match the ${tag.length}-byte tag given with -t`);
  }
  return tagLengthOption ?? tag?.length ?? 0;
}

function describe(spec: OptionSpec): string {
  return spec.short === undefined ? `--${spec.long}` : `${optionName(spec)} (--${spec.long})`;
}

function bad(occurrence: OptionOccurrence, problem: string): UsageError {
  return new UsageError(`option ${describe(occurrence.spec)}: ${problem}`);
}

function count(occurrence: OptionOccurrence): number {
  const raw = occurrence.value ?? '';
  const limit = countLimits[occurrence.spec.key] ?? maxUint32;
  if (!/^[0-9]+$/.test(raw)) {
    throw bad(occurrence, `${JSON.stringify(raw)} is not a non-negative integer`);
  }
  const value = Number(raw);
  if (value > limit) throw bad(occurrence, `${raw} is out of range (0 to ${limit})`);
  return value;
}

function requestMode(occurrence: OptionOccurrence): RequestMode {
  const raw = occurrence.value ?? '';
  const mode = requestModes.find((candidate) => candidate === raw);
  if (mode === undefined) {
    throw bad(occurrence, `${JSON.stringify(raw)} is not one of ${requestModes.join(', ')}`);
  }
  return mode;
}

function hexList(occurrence: OptionOccurrence): Uint8Array[] {
  return (occurrence.value ?? '').split(',').map((item, position) => {
    const problem = hexProblem(item);
    if (problem !== undefined) throw bad(occurrence, `item ${position + 1}: ${problem}`);
    return Buffer.from(item, 'hex');
  });
}

/** Hex, '-' (absent), @FILE, @- or env:NAME (docs/reference-cli.md §2, issue 6 item 7). */
function decodeData(occurrence: OptionOccurrence, sources: DataSources, stdinUsers: string[]): Uint8Array | undefined {
  const raw = occurrence.value ?? '';
  if (raw === '-') return undefined;
  if (raw === '@-') {
    stdinUsers.push(optionName(occurrence.spec));
    return readSource(occurrence, 'standard input', () => sources.readStdin());
  }
  if (raw.startsWith('@')) {
    const path = raw.slice(1);
    return readSource(occurrence, path, () => sources.readFile(path));
  }
  if (raw.startsWith('env:')) {
    const name = raw.slice(4);
    const text = sources.env(name);
    if (text === undefined) throw bad(occurrence, `environment variable ${name} is not set`);
    const problem = hexProblem(text);
    if (problem !== undefined) throw bad(occurrence, `environment variable ${name}: ${problem}`);
    return Buffer.from(text, 'hex');
  }
  const problem = hexProblem(raw);
  if (problem !== undefined) throw bad(occurrence, problem);
  return Buffer.from(raw, 'hex');
}

function readSource(occurrence: OptionOccurrence, what: string, read: () => Uint8Array): Uint8Array {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw bad(occurrence, `cannot read ${what}: ${code}`);
  }
}
