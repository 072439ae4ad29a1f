/**
 * The one table of command-line options. It drives the getopt_long-compatible parser,
 * `kcapi --help`, the man page (scripts/gen-man.mjs) and the README's option list.
 * Reference options come from libkcapi's kcapi test program (docs/reference-cli.md §3); extensions are ours.
 */

export type OptionKey =
  | 'cipherType'
  | 'encrypt'
  | 'operation'
  | 'cipher'
  | 'plaintext'
  | 'ciphertext'
  | 'iv'
  | 'nonce'
  | 'key'
  | 'publicKey'
  | 'assoc'
  | 'tagLength'
  | 'tag'
  | 'loops'
  | 'outputLength'
  | 'stream'
  | 'vmsplice'
  | 'aligned'
  | 'aioFallback'
  | 'multithreaded'
  | 'printAad'
  | 'largeInput'
  | 'aux'
  | 'fuzz'
  | 'timing'
  | 'vm'
  | 'mode'
  | 'handles'
  | 'ivs'
  | 'check'
  | 'verbose'
  | 'json'
  | 'expect'
  | 'verify'
  | 'allDrivers'
  | 'batch'
  | 'failFast'
  | 'version'
  | 'help';

/** How the option's value is read (getopt_long's has_arg). */
export type ArgumentKind = 'none' | 'required' | 'optional';

export interface OptionSpec {
  readonly key: OptionKey;
  readonly short?: string;
  readonly long: string;
  readonly argument: ArgumentKind;
  /** Placeholder for the value in help texts. */
  readonly valueName?: string;
  readonly origin: 'reference' | 'extension';
  /** Like `-z` in the reference: acts when met, later arguments are not read. */
  readonly actsAtOnce?: boolean;
  /** One line for --help. */
  readonly summary: string;
  /** Further sentences for the man page. */
  readonly details?: string;
}

const hexDetails =
  'HEX is hexadecimal, two digits a byte, either case; "" is a present empty value and a ' +
  'single "-" means absent. Instead of hex: @FILE reads raw bytes from FILE, @- from ' +
  'standard input, env:NAME takes hex from the environment variable NAME (keeps secrets ' +
  'out of the process list).';

export const optionTable: readonly OptionSpec[] = [
  {
    key: 'cipherType',
    short: 'x',
    long: 'ciphertype',
    argument: 'required',
    valueName: 'N',
    origin: 'reference',
    summary:
      'operation type: 1 symmetric, 2 AEAD, 3 hash/HMAC, 4 asymmetric, 5 KDF counter, ' +
      '6 KDF feedback, 7 KDF double pipeline, 8 PBKDF2, 9 AIO symmetric, 10 AIO AEAD, ' +
      '11 AIO asymmetric, 12 HKDF, 13 KPP, 14 AIO KPP',
    details: 'Without -x (and without -y, -z, -h) nothing runs and the exit status is 1; an ' + 'unknown type is a usage error.',
  },
  {
    key: 'encrypt',
    short: 'e',
    long: 'enc',
    argument: 'none',
    origin: 'reference',
    summary: 'encrypt (the default is decrypt)',
    details: 'Shares one field with -o: the last of the two wins.',
  },
  {
    key: 'operation',
    short: 'o',
    long: 'operation',
    argument: 'required',
    valueName: 'N',
    origin: 'reference',
    summary: 'asymmetric operation: 0 encrypt, 1 decrypt, 2 sign, 3 verify',
    details: 'Shares one field with -e (which stores 1, so for asymmetric types -e means decrypt).',
  },
  {
    key: 'cipher',
    short: 'c',
    long: 'cipher',
    argument: 'required',
    valueName: 'NAME',
    origin: 'reference',
    summary: 'kernel crypto API algorithm name (cbc(aes)) or driver name (cbc-aes-aesni)',
    details: 'Names longer than 62 characters are cut to 62, as the reference does.',
  },
  {
    key: 'plaintext',
    short: 'p',
    long: 'pt',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'plaintext; hash message; KDF input; PBKDF password; HKDF info; KPP peer key',
    details: hexDetails,
  },
  {
    key: 'ciphertext',
    short: 'q',
    long: 'ct',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'ciphertext to decrypt',
  },
  {
    key: 'iv',
    short: 'i',
    long: 'iv',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'IV; HKDF salt; KPP DH parameters',
    details: "For AEAD ciphers the IV is cut or zero-padded to the algorithm's IV size.",
  },
  {
    key: 'nonce',
    short: 'n',
    long: 'nonce',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'CCM nonce (at most 14 bytes), turned into the 16-byte IV; replaces an earlier -i',
  },
  {
    key: 'key',
    short: 'k',
    long: 'key',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'cipher key; HMAC key; HKDF input key; PBKDF salt; asymmetric/KPP private key',
  },
  {
    key: 'publicKey',
    short: 'r',
    long: 'pubkey',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'asymmetric public key',
  },
  {
    key: 'assoc',
    short: 'a',
    long: 'assoc',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'AEAD associated data',
  },
  {
    key: 'tagLength',
    short: 'l',
    long: 'taglen',
    argument: 'required',
    valueName: 'N',
    origin: 'reference',
    summary: 'AEAD tag length in bytes (KPP: ECDH curve id)',
    details: '-l and -t may come in either order; if both are given they must agree, ' + 'otherwise "Set taglen != tag size" is printed.',
  },
  {
    key: 'tag',
    short: 't',
    long: 'tag',
    argument: 'required',
    valueName: 'HEX',
    origin: 'reference',
    summary: 'AEAD tag to verify when decrypting (sets the tag length too)',
  },
  {
    key: 'loops',
    short: 'd',
    long: 'execloops',
    argument: 'required',
    valueName: 'N',
    origin: 'reference',
    summary: 'repetitions (default 1); PBKDF2 iteration count (0: print a suggested count)',
  },
  {
    key: 'outputLength',
    short: 'b',
    long: 'outlen',
    argument: 'required',
    valueName: 'N',
    origin: 'reference',
    summary: 'output length: hash truncation (at most 64), KDF output bytes',
  },
  {
    key: 'stream',
    short: 's',
    long: 'stream',
    argument: 'none',
    origin: 'reference',
    summary: 'use the stream interface (sendmsg with MSG_MORE, then recvmsg)',
    details:
      'With -x 1 each line continues the chain of the previous one, computed on two ' +
      'operation sockets that are compared with each other.',
  },
  {
    key: 'vmsplice',
    short: 'v',
    long: 'vmsplice',
    argument: 'none',
    origin: 'reference',
    summary: 'feed data with vmsplice + splice instead of sendmsg',
  },
  {
    key: 'aligned',
    short: 'm',
    long: 'aligned',
    argument: 'none',
    origin: 'reference',
    summary: 'use page-aligned data buffers',
  },
  {
    key: 'aioFallback',
    short: 'g',
    long: 'aiofallback',
    argument: 'none',
    origin: 'reference',
    summary: 'types 9/10: use the synchronous fallback instead of kernel AIO',
  },
  {
    key: 'multithreaded',
    short: 'j',
    long: 'multithreaded',
    argument: 'none',
    origin: 'reference',
    summary: 'with -x 1 -s: a second thread writes the data while the first reads',
  },
  {
    key: 'printAad',
    short: 'u',
    long: 'printaad',
    argument: 'none',
    origin: 'reference',
    summary: 'AEAD: print the associated data in front of each result',
  },
  {
    key: 'largeInput',
    short: 'y',
    long: 'largeinput',
    argument: 'none',
    origin: 'reference',
    summary: 'fixed ccm(aes) test with 65504 bytes of associated data (honours -s, -v, -d)',
  },
  {
    key: 'aux',
    short: 'z',
    long: 'aux',
    argument: 'none',
    origin: 'reference',
    actsAtOnce: true,
    summary: 'auxiliary API and RNG tests; runs at once, later arguments are ignored',
  },
  {
    key: 'fuzz',
    short: 'h',
    long: 'fuzztest',
    argument: 'none',
    origin: 'reference',
    summary: 'fuzz tests (-x 1, -x 2 or algorithm names), -d rounds (NOT help: see --help)',
  },
  {
    key: 'timing',
    short: 'f',
    long: 'timing',
    argument: 'none',
    origin: 'reference',
    summary: 'print "duration <ns>" after the results (one-shot and AIO types)',
  },

  {
    key: 'vm',
    long: 'vm',
    argument: 'optional',
    valueName: 'KERNEL',
    origin: 'extension',
    summary: 'run this invocation in a guest kernel (default 6.1; also 6.12, sid)',
    details: 'The value must be attached: --vm=6.12.',
  },
  {
    key: 'mode',
    long: 'mode',
    argument: 'required',
    valueName: 'chained|inline-iv',
    origin: 'extension',
    summary: 'run the -d requests chained on one socket (IV sent once) or each with its own IV',
  },
  {
    key: 'handles',
    long: 'handles',
    argument: 'required',
    valueName: 'N',
    origin: 'extension',
    summary: 'spread the requests over N operation sockets of one transform',
  },
  {
    key: 'ivs',
    long: 'ivs',
    argument: 'required',
    valueName: 'HEX,HEX,...',
    origin: 'extension',
    summary: 'one IV per request (with --mode inline-iv)',
  },
  {
    key: 'check',
    long: 'check',
    argument: 'none',
    origin: 'extension',
    summary: 'compare each request with the chained and independent software results',
  },
  {
    key: 'verbose',
    long: 'verbose',
    argument: 'none',
    origin: 'extension',
    summary: 'report what the kernel did (driver, requests in flight, AIO behaviour)',
  },
  {
    key: 'json',
    long: 'json',
    argument: 'none',
    origin: 'extension',
    summary: 'print one JSON document (schema "kcapi-result/1", see docs/json.md) instead of the lines',
    details:
      'The document holds the lines the invocation would print, its exit status, the error ' +
      'if any and, for -x 9 and -x 10, the request-mode details (driver, AIO behaviour, --check). ' +
      'It is printed for failures too, once the options parsed. The commands take --json as well: ' +
      'kcapi vectors, drivers, info.',
  },
  {
    key: 'expect',
    long: 'expect',
    argument: 'required',
    valueName: 'HEX',
    origin: 'extension',
    summary: 'exit 1 and show a comparison when the output differs from HEX',
    details:
      'stdout is what the invocation prints without --expect. Its result lines (all stdout ' +
      'lines except the "duration" line of -f; with --json on -x 9/10 the document\'s output) are ' +
      'joined without separators and compared, as lowercase hex, with HEX; with several lines (-d N) ' +
      'HEX may instead be the value every line must have. A difference: exit status 1 and, on ' +
      "stderr, both values side by side in blocks (the cipher's block size for -x 1, 2, 9, 10 when " +
      'it is 8 to 32 bytes, else 16 bytes), differing blocks marked "!" (coloured on a terminal). ' +
      'A failed operation keeps its own status. An invalid HEX is a usage error (status 2); ' +
      '@FILE, @- and env:NAME work as for the data options. Not with -z or -h.',
  },
  {
    key: 'verify',
    long: 'verify',
    argument: 'none',
    origin: 'extension',
    summary: 'recompute the result with node:crypto and compare',
    details:
      'Covers -x 1 and 9 (AES cbc, ecb, ctr, xts, cfb, ofb; 3DES cbc, ecb, cfb, ofb; chacha20; ' +
      'chained requests of -s and -x 9 for AES cbc, ctr, ecb, xts and the 3DES modes; -x 9 accepts ' +
      'the chained or the restarted answer, as docs/reference-cli.md §4 does), -x 2, 10 and -y (AES ' +
      'gcm, ccm, rfc4106, rfc7539(chacha20,poly1305), authenc(hmac(HASH),cbc(aes)), including ' +
      "EBADMSG), -x 3 (node's hashes, hmac(...), " +
      'cmac(aes)), -x 8 and 12 with hmac(HASH). Driver names are mapped to their generic name. A ' +
      'difference: exit status 1 and the block comparison on stderr, as for --expect. Anything ' +
      'else (SP 800-108 KDFs, asymmetric, --mode/--ivs/--handles, unknown algorithms) prints ' +
      '"kcapi: --verify: ALG is not verifiable with node:crypto" on stderr and keeps the ' +
      "invocation's own exit status. Silent on agreement (a line with --verbose).",
  },
  {
    key: 'allDrivers',
    long: 'all-drivers',
    argument: 'none',
    origin: 'extension',
    summary: 'run on every kernel implementation of the algorithm and compare',
    details:
      'Lists the implementations of the -c algorithm as kcapi drivers does (instantiating ' +
      'templates and loading modules first), runs the invocation once per driver name and prints, ' +
      'instead of the result lines, a table: driver, priority, result (shortened when long), status. ' +
      'The odd ones out (against the majority of identical results; a failure counts as a result) ' +
      'are marked and, on a terminal, coloured; each is compared with the majority by block on ' +
      'stderr. With --expect and --verify every driver is checked too. Exit status: 0 all agree ' +
      '(and meet --expect/--verify), 1 they do not, the shared status when all fail alike (3: no ' +
      'AF_ALG), 3 when the kernel has no implementation. --json prints one document (schema ' +
      '"kcapi-all-drivers/1": algorithm, agree, status, expect, verify, and per driver: driver, ' +
      'priority, exitStatus, output, error, odd, matchesExpect, matchesNodeCrypto).',
  },
  {
    key: 'batch',
    long: 'batch',
    argument: 'required',
    valueName: 'FILE|-',
    origin: 'extension',
    summary: 'run one invocation per line of FILE (- for standard input) in one process',
    details:
      'Each line holds the arguments of one kcapi invocation (a leading "kcapi" is optional) ' +
      'with shell quoting: single quotes, double quotes (a backslash escapes only the double quote, ' +
      'the backslash, the dollar sign and the backquote), backslash escapes, backslash-newline ' +
      'continuation; blank lines and # comments are skipped; nothing is expanded. A line is one command, not ' +
      'a shell pipeline: an unquoted ; | & < or > is refused (quote it to pass it as a word). stdout is byte for ' +
      'byte what running the lines one by one prints. A failing line does not stop the batch (see ' +
      '--fail-fast). Exit status: 0 every line succeeded, 1 some line failed (stderr names them), 2 the ' +
      'file cannot be read or has a quoting or syntax error (file:line; nothing runs). --batch and --vm on a line, ' +
      'and the vm command, are usage errors for that line. Only --fail-fast and --vm go with --batch; ' +
      'with --vm the whole batch runs in one guest (FILE must not be under /tmp; - is refused).',
  },
  {
    key: 'failFast',
    long: 'fail-fast',
    argument: 'none',
    origin: 'extension',
    summary: 'with --batch: stop at the first failing line',
  },
  {
    key: 'version',
    long: 'version',
    argument: 'none',
    origin: 'extension',
    summary: 'print the version and exit',
  },
  {
    key: 'help',
    long: 'help',
    argument: 'none',
    origin: 'extension',
    summary: 'print this help and exit',
  },
];

/** Subcommands: a first word naming one of these runs src/cli/commands/<name>.js. */
export const subcommands = [
  { name: 'vm', summary: 'manage guest kernels and run commands in them' },
  { name: 'vectors', summary: 'run NIST CAVP response files through the kernel' },
  { name: 'drivers', summary: 'list the kernel implementations of an algorithm' },
  { name: 'info', summary: 'what this kernel offers to AF_ALG users' },
  { name: 'bench', summary: 'measure request modes and sizes' },
] as const;

export type SubcommandName = (typeof subcommands)[number]['name'];

/** `-x, --ciphertype N` style label of an option. */
export function optionLabel(spec: OptionSpec): string {
  const long = `--${spec.long}`;
  const names = spec.short === undefined ? long : `-${spec.short}, ${long}`;
  if (spec.argument === 'none') return names;
  if (spec.argument === 'optional') return `${names}[=${spec.valueName ?? 'VALUE'}]`;
  return `${names} ${spec.valueName ?? 'VALUE'}`;
}

/** `-x` or `--vm`: how messages name an option. */
export function optionName(spec: OptionSpec): string {
  return spec.short === undefined ? `--${spec.long}` : `-${spec.short}`;
}
