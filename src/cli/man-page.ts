import { settingsTable } from '../vm/settings.js';
import { optionLabel, optionTable, subcommands, type OptionSpec } from './option-table.js';

/** Worked examples shared by the man page and the README. */
export const examples: readonly { readonly title: string; readonly command: string; readonly output: string }[] = [
  {
    title: 'AES-256-CBC encryption, twice (-d 2): the IV is sent with every request',
    command:
      'kcapi -x 1 -e -c "cbc(aes)" -k 8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423 ' +
      '-i 7fbc02ebf5b93322329df9bfccb635af -p 48981da18e4bb9ef7e2e3162d16b1910 -d 2',
    output: '8b19050f66582cb7f7e4b6c873819b71\n8b19050f66582cb7f7e4b6c873819b71',
  },
  {
    title: 'SHA-256 of "abc"',
    command: 'kcapi -x 3 -c sha256 -p 616263',
    output: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  },
  {
    title: 'AES-GCM encryption: ciphertext followed by the 16-byte tag',
    command:
      'kcapi -x 2 -e -c "gcm(aes)" -i 0d18e06c7c725ac9e362e1ce -k 2fb45e5b8f993a2bfebc4b15b533e0b4 ' +
      '-a 2ae6c6c39c2f3a6f -p 68ab9e1f -l 16',
    output: '8f246c19bbbb38f662b9ee7e2767bba37f2f0d52',
  },
  {
    title: 'AES-GCM decryption with a wrong tag: EBADMSG is a result, the exit status is 0',
    command:
      'kcapi -x 2 -c "gcm(aes)" -i 0d18e06c7c725ac9e362e1ce -k 2fb45e5b8f993a2bfebc4b15b533e0b4 ' +
      '-a 2ae6c6c39c2f3a6f -q 8f246c19 -t 00000000000000000000000000000000',
    output: 'EBADMSG',
  },
  {
    title: 'A key that does not appear in the process list',
    command:
      'KEY=8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423 kcapi -x 1 -e -c "cbc(aes)" -k env:KEY -i 7fbc02ebf5b93322329df9bfccb635af -p 48981da18e4bb9ef7e2e3162d16b1910',
    output: '8b19050f66582cb7f7e4b6c873819b71',
  },
  {
    title: 'The same on a machine whose kernel lacks AF_ALG: run it in a guest kernel',
    command: 'kcapi --vm=6.12 -x 3 -c sha256 -p 616263',
    output: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  },
];

export const exitStatuses: readonly [number, string][] = [
  [0, 'the requested work succeeded (a printed EBADMSG is a result, not a failure)'],
  [
    1,
    'an operation failed; stdout ends with "Failed to invoke testing" as in the reference. ' +
      'Also: no operation was asked for (no -x, -y, -z or -h).',
  ],
  [
    2,
    'usage error or bad input: unknown or ambiguous option, missing value, non-hex data, ' +
      'odd-length hex, a count that is not a non-negative integer, an unknown -x type',
  ],
  [3, 'the kernel lacks AF_ALG, the socket type or the algorithm'],
  [
    70,
    'internal error: a bug in kcapi (sysexits.h EX_SOFTWARE). stderr says "internal error" ' +
      'in one line (with KCAPI_DEBUG set, the stack follows); --json reports error.kind "internal"',
  ],
];

/** The guest runner's variables (its settings table), then the fuzzer's. */
export const environmentVariables: readonly [string, string][] = [
  ...Object.values(settingsTable).map((setting): [string, string] => [
    setting.variable,
    `${setting.meaning} (default: ${setting.default})`,
  ]),
  [
    'KCAPI_EXIT_STATUS',
    'reference: exit 0 after an operation failed and stdout ended with "Failed to invoke testing" (statuses 1 and 3), as the reference does, for scripts written with set -e around it; usage errors still exit 2 and internal errors 70',
  ],
  ['KCAPI_FUZZ_SEED', 'the seed of -h fuzzing (0 to 4294967295), to repeat a run'],
];

export const differences: readonly string[] = [
  '--execloops N, --operation N and --outlen N take their values (the reference crashes).',
  '-l and -t may come in either order.',
  'Bad input is an error with one line on stderr, never a silent zero: non-hex characters, ' +
    'odd-length hex, negative or non-numeric counts, an unknown -x, an out-of-range -o, ' +
    'a CCM nonce longer than 14 bytes.',
  'Exit statuses 0, 1, 2, 3 and 70 as below (the reference exits 0 after a failed operation; KCAPI_EXIT_STATUS=reference does too).',
  'An -x 1 input goes to the kernel as one request whenever the socket holds it (the send and ' +
    'receive buffers are grown within net.core.wmem_max and rmem_max, or further with CAP_NET_ADMIN; ' +
    'net.core.optmem_max bounds a request at 768 KiB on 6.1). A longer input goes in 64 KiB pieces ' +
    'chained by the kernel only for cbc, ecb, ctr, ofb and cfb, where that gives the one-request ' +
    'result; for any other skcipher (xts, cts, lrw, pcbc, xctr, chacha20, rfc3686, ...) it is refused ' +
    'with one line and exit status 1, where the reference prints a wrong result.',
  '-s with -d N > 1 (and -s -j above 64 KiB) is refused with one line and exit status 1 for a ' +
    'skcipher outside cbc, ecb, ctr, ofb and cfb: its IV does not carry from one kernel request to the next.',
  '-x 9 and -x 10 refuse (one line, exit status 1) a request larger than one kernel request takes, ' +
    'and -g refuses a concatenation longer than one request for a mode that does not chain: ' +
    'the kernel would cut it into requests that each restart from the IV.',
  'No crash on any input.',
  '-x 9 without -g, with several requests (-d) of a length that is not a multiple of the ' +
    'block size (ctr, cfb, ofb, xts): refused with status 1 ("En/Decryption of buffer ' +
    'failed"). With more requests queued the kernel ciphers only the whole blocks of each ' +
    'request; the reference prints its input bytes where no output was produced (6.1) or ' +
    'waits for ever (6.12).',
  '-x 9 -g with a total length that is not a multiple of the block size: every byte is ' +
    'ciphered. The reference leaves the last partial block unciphered and prints its input ' +
    'bytes there (with xts the block before it differs too: no ciphertext stealing), or on ' +
    '6.12 waits for ever.',
  '-x 10 -d N > 1 decrypting neither AAD nor data (an empty ciphertext and its tag): each request ' +
    'is sent and read on its own, so each tag is checked. The reference queues them in one send with ' +
    "one-byte output buffers; the kernel then takes the next request's bytes into the first, and the " +
    'reference prints EBADMSG even when every tag is valid.',
];

function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

function manOption(spec: OptionSpec): string[] {
  const text = [spec.summary, spec.details].filter(Boolean).join('. ');
  return ['.TP', `.B ${roff(optionLabel(spec))}`, roff(sentence(text))];
}

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A command's --help text as a literal block (roff-escaped, no filling). */
function manCommandHelp(help: { readonly title: string; readonly text: string }): string[] {
  return ['.SS', roff(`kcapi ${help.title}`), '.PP', '.nf', '.RS 4', roff(help.text.replace(/\n+$/, '')), '.RE', '.fi'];
}

/**
 * man/kcapi.1 (roff), generated from the option table and the commands' help texts
 * (command-help.ts) by scripts/gen-man.mjs.
 */
export function manPage(version: string, commandHelp: readonly { readonly title: string; readonly text: string }[] = []): string {
  const lines = [
    `.TH KCAPI 1 "" "kcapi ${version}" "User Commands"`,
    '.SH NAME',
    'kcapi \\- drive the Linux kernel crypto API (AF_ALG) from the command line',
    '.SH SYNOPSIS',
    '.B kcapi',
    '[\\fIOPTIONS\\fR]',
    '.br',
    '.B kcapi',
    '\\fICOMMAND\\fR [\\fIARGS\\fR]',
    '.SH DESCRIPTION',
    roff(
      'kcapi runs one symmetric, AEAD, hash, KDF or random-number operation through the ' +
        "kernel's AF_ALG sockets and prints the result in hex, one line per result. It is a " +
        'drop-in replacement for the kcapi test program of libkcapi: the same invocation ' +
        'prints the same bytes on stdout. Options are parsed as GNU getopt_long does: values ' +
        'attached (-x3) or in the next word, even when that word starts with "-" (-p -); long ' +
        'options as --opt value, --opt=value or any unambiguous prefix (a prefix is matched ' +
        'against the reference options first, so --v still means --vmsplice); options may ' +
        'follow other words, which are ignored; the last of a repeated option wins.',
    ),
    '.SH OPTIONS',
    roff("Options of libkcapi's kcapi. Note that -h runs the fuzz tests: help is --help."),
    ...optionTable.filter((spec) => spec.origin === 'reference').flatMap(manOption),
    '.SH EXTENSIONS',
    ...optionTable.filter((spec) => spec.origin === 'extension').flatMap(manOption),
    '.SH COMMANDS',
    ...subcommands.flatMap((command) => ['.TP', `.B ${command.name}`, roff(sentence(command.summary))]),
    ...(commandHelp.length === 0
      ? []
      : ['.PP', roff('Each command prints its own options with --help:'), ...commandHelp.flatMap(manCommandHelp)]),
    '.SH DATA VALUES',
    roff(
      'Data options (-p -q -i -n -k -a -t -r) take hexadecimal, two digits a byte, in either ' +
        'case, without separators. The empty string "" is a present zero-length value; a single ' +
        '"-" means absent. @FILE reads raw bytes from FILE, @- from standard input (one option ' +
        'at most), env:NAME takes hex from the environment variable NAME, so that keys need not ' +
        'appear in the process list. Counts (-x -o -l -d -b --handles) are non-negative decimal ' +
        'integers.',
    ),
    '.SH OUTPUT',
    roff(
      'Results go to stdout in lowercase hex, one line per result: -x 1 prints one line per ' +
        'loop (-d), with -s each line continues the cipher chain; -x 2 prints ciphertext and ' +
        'tag, or the plaintext, or EBADMSG when the tag does not verify (-u puts the associated ' +
        'data in front); -x 3 prints the digest or its first -b bytes; -f adds ' +
        '"duration <nanoseconds>". Diagnostics go to stderr, one line each.',
    ),
    '.SH EXIT STATUS',
    ...exitStatuses.flatMap(([status, meaning]) => ['.TP', `.B ${status}`, roff(sentence(meaning))]),
    '.SH EXAMPLES',
    ...examples.flatMap((example) => [
      '.PP',
      roff(sentence(example.title)),
      '.PP',
      '.nf',
      '.RS',
      roff(`$ ${example.command}`),
      roff(example.output),
      '.RE',
      '.fi',
    ]),
    '.SH DIFFERENCES FROM THE REFERENCE',
    ...differences.flatMap((difference) => ['.IP \\(bu 2', roff(difference)]),
    '.SH ENVIRONMENT',
    '.TP',
    '.B KCAPI_DEBUG',
    roff('When set, internal errors are reported with their stack trace.'),
    ...environmentVariables.flatMap(([name, meaning]) => ['.TP', `.B ${name}`, roff(sentence(meaning))]),
    '.SH SEE ALSO',
    roff('The libkcapi documentation; Documentation/crypto/userspace-if.rst in the Linux kernel sources.'),
  ];
  return lines.join('\n') + '\n';
}

/** The README's option list (Markdown), from the same table. */
export function markdownOptionList(): string {
  const row = (spec: OptionSpec): string => {
    const label = optionLabel(spec).replace(/\|/g, '\\|');
    return `| \`${label}\` | ${spec.summary.replace(/\|/g, '\\|')} |`;
  };
  return [
    '| option | meaning |',
    '|---|---|',
    ...optionTable.filter((spec) => spec.origin === 'reference').map(row),
    '',
    'Extensions (not in the reference program):',
    '',
    '| option | meaning |',
    '|---|---|',
    ...optionTable.filter((spec) => spec.origin === 'extension').map(row),
  ].join('\n');
}
