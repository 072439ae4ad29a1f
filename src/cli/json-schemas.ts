/**
 * The JSON documents kcapi prints (`--json`), field by field: the one source of truth for
 * docs/json.md (renderJsonDocs) and for the tests that check produced documents against
 * it (validateDocument).
 *
 * Paths: `a.b` is field b of object a; `a[]` an element of array a; `a{}` a value of
 * map a (an object whose keys are data, e.g. errno names). Types: string, integer,
 * number, boolean, null, object, array, map, or a literal "text"; alternatives with |.
 */

export interface FieldSpec {
  readonly path: string;
  readonly type: string;
  readonly meaning: string;
  /** The field may be absent (the meaning says when). */
  readonly optional?: boolean;
}

export interface JsonSchemaSpec {
  readonly id: string;
  readonly producedBy: readonly string[];
  readonly summary: string;
  readonly fields: readonly FieldSpec[];
}

const f = (path: string, type: string, meaning: string, optional = false): FieldSpec =>
  optional ? { path, type, meaning, optional } : { path, type, meaning };

/** The run details of -x 9 / -x 10 (src/modes/run-report.ts), under `run`. */
const runFields: readonly FieldSpec[] = [
  f(
    'run',
    'object | null',
    'request-mode details for the AIO types -x 9 and -x 10; null for the other types and when the operation failed before running',
  ),
  f('run.kernel', 'string', 'kernel release (uname -r)'),
  f('run.algorithm', 'string', 'the algorithm bound'),
  f('run.driver', 'string | null', 'the implementation that served the requests (cra_driver_name); null when the kernel did not say'),
  f('run.driverAsync', 'boolean | null', 'whether that implementation is asynchronous; null when unknown'),
  f('run.mode', '"chained" | "inline-iv"', 'request mode (--mode; -g runs chained)'),
  f('run.path', '"sync" | "event" | "thread" | "fallback"', 'how completions were awaited; fallback: -g, no AIO'),
  f('run.requests', 'integer', 'number of requests'),
  f('run.requestBytes', 'integer', 'bytes per request'),
  f('run.handles', 'integer', 'operation sockets used (--handles)'),
  f('run.output', 'string', 'the result line (hex), as printed without --json'),
  f('run.elapsedNs', 'number', 'wall time of the run in nanoseconds'),
  f('run.cryptoNs', 'number', 'time spent in the crypto calls in nanoseconds'),
  f('run.aio', 'object | null', 'what Linux AIO did; null for -g'),
  f('run.aio.submitCalls', 'integer', 'io_submit calls'),
  f('run.aio.inFlightAtSubmit', 'integer', 'requests still in flight when io_submit returned'),
  f('run.aio.completedInSubmit', 'integer', 'requests completed inside io_submit'),
  f('run.aio.asynchronous', 'boolean', 'some request was still in flight when io_submit returned'),
  f('run.aio.retries', 'map', 'resubmissions by errno name (EBUSY, EAGAIN, ...)'),
  f('run.aio.retries{}', 'integer', 'count'),
  f('run.aio.serializedAfterEbusy', 'boolean', 'after EBUSY one request per io_submit'),
  f('run.aio.shortReads', 'integer', 'requests that returned fewer bytes than asked'),
  f('run.perHandle', 'array', 'one entry per operation socket'),
  f('run.perHandle[]', 'object', 'one operation socket'),
  f('run.perHandle[].handle', 'integer', 'socket number, from 0'),
  f('run.perHandle[].requests', 'integer', 'requests it ran'),
  f('run.perHandle[].batches', 'integer', 'io_submit batches'),
  f('run.perHandle[].elapsedNs', 'number', 'its wall time in nanoseconds'),
  f('run.perHandle[].submitCalls', 'integer', 'io_submit calls'),
  f('run.perHandle[].inFlightAtSubmit', 'integer', 'requests in flight when io_submit returned'),
  f('run.perHandle[].completedInSubmit', 'integer', 'requests completed inside io_submit'),
  f('run.perHandle[].retries', 'map', 'resubmissions by errno name'),
  f('run.perHandle[].retries{}', 'integer', 'count'),
  f('run.check', 'object | null', '--check: the comparison with the software model; null without --check'),
  f('run.check.passed', 'boolean', 'every request matched what its mode expects'),
  f('run.check.counts', 'object', 'requests by what they matched'),
  f('run.check.counts.chained', 'integer', 'matched the chained model only'),
  f('run.check.counts.independent', 'integer', 'matched the independent model only'),
  f('run.check.counts.both', 'integer', 'matched both (they agree)'),
  f('run.check.counts.neither', 'integer', 'matched neither'),
  f('run.check.requests', 'array', 'per request, in order'),
  f('run.check.requests[]', '"chained" | "independent" | "both" | "neither"', 'what the request matched'),
];

export const resultSchemaId = 'kcapi-result/1';

const resultSchema: JsonSchemaSpec = {
  id: resultSchemaId,
  producedBy: ['kcapi -x N ... --json', 'kcapi -z --json', 'kcapi -h ... --json', 'kcapi -y --json'],
  summary:
    'One invocation of the reference-compatible command line. Printed for every outcome once the ' +
    'options were parsed (also for failures, with the exit status); a command line that cannot be ' +
    'parsed prints nothing on stdout. Diagnostics still go to stderr. With --vm the guest prints it.',
  fields: [
    f('schema', `"${resultSchemaId}"`, 'this schema'),
    f(
      'operation',
      'string | null',
      'what ran: the -x type ("1" to "14"), "aux" (-z), "fuzz" (-h), "large" (-y); null when nothing was asked for',
    ),
    f('type', 'integer | null', 'the -x value; null when not given'),
    f('algorithm', 'string | null', 'the -c name as given (cut to 62 characters); null when not given'),
    f(
      'status',
      'integer',
      'the exit status (0 success, 1 operation failed, 2 usage, 3 unsupported, 70 internal error; -z/-h: failed checks)',
    ),
    f('ok', 'boolean', 'status is 0'),
    f(
      'lines',
      'array',
      'the stdout lines the invocation prints without --json, in order, including the reference\'s failure lines (e.g. "Failed to invoke testing"), without the -f duration line',
    ),
    f('lines[]', 'string', 'one line, without its newline'),
    f('durationNs', 'integer | null', '-f: the duration in nanoseconds; null without -f or for types that do not time'),
    ...runFields,
    f(
      'error',
      'object | null',
      'why the invocation failed; null on success and when the run itself finished but judged its result (--expect/--verify differences, -z/-h counts: see status)',
    ),
    f(
      'error.kind',
      '"usage" | "operation" | "unsupported" | "internal"',
      'usage: bad command line or input (status 2; "nothing to do" without -x keeps the reference\'s status 1); operation: the kernel operation failed (1); unsupported: the kernel lacks AF_ALG or the algorithm (3); internal: a bug in kcapi (70)',
    ),
    f('error.message', 'string', 'the diagnostic also printed on stderr'),
  ],
};

const driverEntryFields = (prefix: string): FieldSpec[] => [
  f(`${prefix}`, 'array', 'implementations, highest priority first'),
  f(`${prefix}[]`, 'object', 'one implementation'),
  f(`${prefix}[].driver`, 'string', 'driver name (cra_driver_name)'),
  f(`${prefix}[].name`, 'string', 'generic name (cra_name)'),
  f(`${prefix}[].module`, 'string', 'kernel module ("kernel" when built in)'),
  f(`${prefix}[].priority`, 'integer', 'cra_priority: the highest bindable one serves the generic name'),
  f(`${prefix}[].selftest`, 'string', '"passed" once the kernel self-test passed, else "unknown"'),
  f(`${prefix}[].async`, 'boolean', 'asynchronous implementation'),
  f(`${prefix}[].internal`, 'boolean', 'internal (CRYPTO_ALG_INTERNAL): cannot be bound by AF_ALG'),
  f(`${prefix}[].type`, 'string', 'kernel type: skcipher, aead, shash, ahash, cipher, rng, ...'),
  f(`${prefix}[].blockSize`, 'integer', 'block size in bytes'),
  f(`${prefix}[].ivSize`, 'integer', 'IV size in bytes'),
  f(`${prefix}[].minKeySize`, 'integer', 'smallest key in bytes'),
  f(`${prefix}[].maxKeySize`, 'integer', 'largest key in bytes'),
  f(`${prefix}[].maxAuthSize`, 'integer', 'AEAD: largest tag in bytes'),
  f(`${prefix}[].digestSize`, 'integer', 'hash: digest size in bytes'),
  f(`${prefix}[].seedSize`, 'integer', 'rng: seed size in bytes'),
  f(`${prefix}[].chunkSize`, 'integer', 'skcipher chunk size (0 when unknown)'),
  f(`${prefix}[].walkSize`, 'integer', 'skcipher walk size (0 when unknown)'),
  f(`${prefix}[].stateSize`, 'integer', 'hash state size (0 when unknown)'),
  f(`${prefix}[].selected`, 'boolean', 'the kernel binds this one for the generic name; absent in the listing of all algorithms', true),
];

const driversSchema: JsonSchemaSpec = {
  id: 'kcapi-drivers/1',
  producedBy: ['kcapi drivers --json [NAME]'],
  summary:
    "The kernel's implementations of one algorithm (NAME given) or of all registered algorithms. " +
    'Printed on success only (exit 0); otherwise stderr says why and stdout stays empty.',
  fields: [
    f('schema', '"kcapi-drivers/1"', 'this schema'),
    f('query', 'string | null', 'NAME as given; null for the listing of all algorithms'),
    f('algorithm', 'string', 'the generic name NAME resolves to; absent when query is null', true),
    f('socketType', 'string | null', 'the AF_ALG socket type that binds it (skcipher, aead, hash, rng); absent when query is null', true),
    f('selected', 'string | null', 'the driver the kernel binds for the generic name; absent when query is null', true),
    f('instantiated', 'array', 'names bound to make templates appear, with the outcome; absent when query is null', true),
    f('instantiated[]', 'object', 'one bind attempt'),
    f('instantiated[].name', 'string', 'the name bound'),
    f('instantiated[].result', 'string', '"ok" or the error'),
    ...driverEntryFields('drivers'),
  ],
};

const unknownProbe = 'absent when status is "unknown" (the probe could not run; detail says why)';

const infoSchema: JsonSchemaSpec = {
  id: 'kcapi-info/1',
  producedBy: ['kcapi info --json'],
  summary: 'What this kernel offers to AF_ALG users. Always printed (exit 0), also without AF_ALG.',
  fields: [
    f('schema', '"kcapi-info/1"', 'this schema'),
    f('kernel', 'object', 'the running kernel'),
    f('kernel.release', 'string', 'uname -r'),
    f('kernel.version', 'string', 'uname -v'),
    f('kernel.machine', 'string', 'uname -m'),
    f('afAlg', 'object', 'whether socket(AF_ALG) works'),
    f('afAlg.available', 'boolean', 'AF_ALG sockets can be created'),
    f('afAlg.detail', 'string', 'what the probe saw'),
    f('socketTypes', 'object | null', 'per socket type; null without AF_ALG'),
    ...['skcipher', 'aead', 'hash', 'rng', 'akcipher', 'kpp'].flatMap((type) => [
      f(`socketTypes.${type}`, 'object', `the ${type} socket type`),
      f(`socketTypes.${type}.available`, 'boolean', 'some candidate algorithm bound'),
      f(`socketTypes.${type}.algorithm`, 'string | null', 'the first candidate that bound'),
      f(`socketTypes.${type}.failures`, 'array', 'candidates that failed before it'),
      f(`socketTypes.${type}.failures[]`, 'object', 'one failed candidate'),
      f(`socketTypes.${type}.failures[].algorithm`, 'string', 'candidate name'),
      f(`socketTypes.${type}.failures[].error`, 'string', 'the error, e.g. "bind ENOENT"'),
      f(`socketTypes.${type}.moduleLoaded`, 'boolean', `/sys/module/algif_${type} exists after trying`),
    ]),
    f('aio', 'object', 'whether Linux AIO on an AF_ALG socket is asynchronous'),
    f(
      'aio.status',
      '"asynchronous" | "synchronous" | "unsupported" | "unknown"',
      'asynchronous: a request was in flight when io_submit returned; synchronous: all completed inside io_submit',
    ),
    f('aio.detail', 'string', 'what the probe saw'),
    f('aio.algorithm', 'string', `the algorithm probed; ${unknownProbe}`, true),
    f('aio.driver', 'string | null', `its implementation; ${unknownProbe}`, true),
    f('aio.requests', 'integer', `requests submitted; ${unknownProbe}`, true),
    f('aio.inFlightAtSubmit', 'integer', `in flight when io_submit returned; ${unknownProbe}`, true),
    f('aio.completedInSubmit', 'integer', `completed inside io_submit; ${unknownProbe}`, true),
    f('aio.errors', 'map', `failed requests by errno name; ${unknownProbe}`, true),
    f('aio.errors{}', 'integer', 'count'),
    f(
      'aio.output',
      '"chained" | "independent" | "neither" | null',
      `whether results continued one CBC chain or each started from the IV; ${unknownProbe}`,
      true,
    ),
    f('splice', 'object', 'whether vmsplice + splice works and is zero-copy'),
    f('splice.status', '"zero-copy" | "copied" | "fails" | "inconsistent" | "unknown"', 'what splice did'),
    f('splice.detail', 'string', 'what the probe saw'),
    f('socketLimits', 'object', 'net.core socket memory limits in bytes (null: unreadable)'),
    ...['optmem_max', 'wmem_default', 'wmem_max', 'rmem_default', 'rmem_max'].map((name) =>
      f(`socketLimits.${name}`, 'integer | null', `net.core.${name}`),
    ),
    f('cryptoUser', 'object', 'the crypto_user netlink interface (CONFIG_CRYPTO_USER)'),
    f('cryptoUser.available', 'boolean', 'it answers'),
    f('cryptoUser.algorithms', 'integer | null', 'algorithms in one CRYPTO_MSG_GETALG dump'),
    f('cryptoUser.detail', 'string', 'what the probe saw'),
    f('fipsEnabled', 'boolean | null', '/proc/sys/crypto/fips_enabled; null when the kernel has no FIPS switch'),
  ],
};

const tallyFields = (prefix: string): FieldSpec[] => [
  f(`${prefix}.passed`, 'integer', 'vectors that passed'),
  f(`${prefix}.failed`, 'integer', 'vectors that failed'),
  f(`${prefix}.skipped`, 'integer', 'vectors skipped (reason in results)'),
  f(`${prefix}.malformed`, 'integer', 'malformed records or lines'),
];

const lineMessages = (path: string, meaning: string): FieldSpec[] => [
  f(path, 'array', meaning),
  f(`${path}[]`, 'object', 'one message'),
  f(`${path}[].line`, 'integer', 'line number in the file'),
  f(`${path}[].message`, 'string', 'the message'),
];

const vectorsSchema: JsonSchemaSpec = {
  id: 'kcapi-vectors/1',
  producedBy: ['kcapi vectors --json PATH...', 'kcapi vectors --format json PATH...'],
  summary:
    'A run of CAVP vector files, written when the run ends (exit 0 or 1). Usage errors and a ' + 'missing AF_ALG print nothing on stdout.',
  fields: [
    f('schema', '"kcapi-vectors/1"', 'this schema'),
    f('backend', 'string', '"kernel" or "node:crypto" (--software)'),
    f('kernelRelease', 'string', 'uname -r of the machine that ran the vectors'),
    f('summary', 'object', 'the whole run'),
    f('summary.total', 'integer', 'vectors'),
    ...tallyFields('summary'),
    f('summary.durationMs', 'number', 'wall time in milliseconds'),
    f('files', 'array', 'per file, in the order run'),
    f('files[]', 'object', 'one file'),
    f('files[].file', 'string', 'path'),
    f('files[].format', 'string | null', 'the recognised format; null when not a known vector file'),
    f('files[].vectors', 'integer', 'vectors in the file'),
    ...tallyFields('files[]'),
    f('files[].durationMs', 'number', 'wall time in milliseconds'),
    ...lineMessages('files[].notes', 'notes (e.g. skipped sections)'),
    ...lineMessages('files[].malformedLines', 'malformed lines'),
    f('results', 'array', 'one per vector'),
    f('results[]', 'object', 'one vector'),
    f('results[].id', 'string', 'identifier (file:line and count)'),
    f('results[].file', 'string', 'path'),
    f('results[].line', 'integer', 'line where the vector starts'),
    f('results[].kind', '"skcipher" | "aead" | "digest" | "monte" | "kdf-counter" | "unrunnable"', 'what kind of operation'),
    f('results[].algorithm', 'string', 'kernel algorithm name'),
    f('results[].direction', '"encrypt" | "decrypt" | null', 'cipher direction; null for digests and KDFs'),
    f('results[].status', '"pass" | "fail" | "skip"', 'the verdict'),
    f('results[].reason', 'string | null', 'why it failed or was skipped'),
    f('results[].expected', 'string | null', 'expected output (hex) of a failure'),
    f('results[].actual', 'string | null', 'actual output (hex) of a failure'),
    f('results[].driver', 'string | null', 'the implementation that ran it, when known'),
    f('results[].durationMs', 'number', 'wall time in milliseconds'),
  ],
};

const allDriversSchema: JsonSchemaSpec = {
  id: 'kcapi-all-drivers/1',
  producedBy: ['kcapi -x N ... --all-drivers --json'],
  summary:
    'One invocation run on every implementation of the -c algorithm (src/toolkit/driver-runs.ts), ' +
    'printed instead of the per-driver lines.',
  fields: [
    f('schema', '"kcapi-all-drivers/1"', 'this schema'),
    f('algorithm', 'string', 'the algorithm whose implementations ran'),
    f('agree', 'boolean', 'every implementation gave the same result'),
    f('status', 'integer', 'the exit status: 0 all agree (and meet --expect/--verify), 1 they do not, else the shared failure status'),
    f('expect', 'string | null', '--expect HEX; null without it'),
    f('verify', '"compared" | "not verifiable" | null', '--verify: whether node:crypto could compute the result; null without --verify'),
    f('drivers', 'array', 'one entry per implementation'),
    f('drivers[]', 'object', "one implementation's run"),
    f('drivers[].driver', 'string', 'driver name bound'),
    f('drivers[].priority', 'integer', 'its priority'),
    f('drivers[].exitStatus', 'integer', 'the exit status of its run'),
    f('drivers[].output', 'array | null', 'its result lines; null when the run failed'),
    f('drivers[].output[]', 'string', 'one result line'),
    f('drivers[].error', 'string | null', 'why the run failed; null when it succeeded'),
    f('drivers[].odd', 'boolean', 'differs from the majority'),
    f('drivers[].matchesExpect', 'boolean | null', 'equals --expect; null without --expect'),
    f('drivers[].matchesNodeCrypto', 'boolean | null', "equals node:crypto's result; null without --verify or when not verifiable"),
  ],
};

/** One side of a `kcapi bench` cell (src/bench/measure.ts Measurement), under `results[].SIDE`. */
function measurementFields(side: string, meaning: string): FieldSpec[] {
  const at = `results[].${side}`;
  return [
    f(at, 'object', meaning),
    f(`${at}.opsPerSecond`, 'number', 'requests per second, median over the repetitions'),
    f(`${at}.megabytesPerSecond`, 'number', '10^6 bytes per second, median over the repetitions'),
    f(`${at}.latencyMicroseconds`, 'object', 'request latency (requests of one batch share its latency)'),
    f(`${at}.latencyMicroseconds.p50`, 'number', 'median, microseconds'),
    f(`${at}.latencyMicroseconds.p99`, 'number', '99th percentile, microseconds'),
    f(`${at}.spread`, 'number', "(max - min) / median of the repetitions' request rates"),
    f(`${at}.repetitionOpsPerSecond`, 'array', 'request rate of each repetition'),
    f(`${at}.repetitionOpsPerSecond[]`, 'number', 'requests per second'),
    f(`${at}.requests`, 'integer', 'requests measured'),
  ];
}

const benchSchema: JsonSchemaSpec = {
  id: 'kcapi-bench/1',
  producedBy: ['kcapi bench ... --json'],
  summary:
    'Throughput and latency of AF_ALG request modes by request size, beside the same work done ' +
    'in process with node:crypto (src/bench/run.ts).',
  fields: [
    f('schema', '"kcapi-bench/1"', 'this schema'),
    f('algorithm', 'string', 'the algorithm measured (-c)'),
    f('driver', 'string', 'the implementation the kernel bound'),
    f('kernel', 'string', 'kernel release (uname -r)'),
    f('node', 'string', 'Node.js version'),
    f('cpus', 'integer', 'CPUs available'),
    f('date', 'string', 'ISO 8601 time of the run'),
    f('keyBytes', 'integer', 'key length used'),
    f('ivBytes', 'integer', 'IV length used'),
    f('inProcessCipher', 'string', 'the node:crypto cipher of the in-process side'),
    f('durationSeconds', 'number', 'seconds per repetition and side (--duration)'),
    f('repetitions', 'integer', 'repetitions per measurement'),
    f('sizes', 'array', 'request sizes in bytes (--sizes)'),
    f('sizes[]', 'integer', 'bytes'),
    f('modes', 'array', 'modes measured (--modes)'),
    f('modes[]', 'string', 'oneshot, stream, chained, inline-iv or fanout:N'),
    f('results', 'array', 'one entry per mode and size'),
    f('results[]', 'object', 'one mode at one size'),
    f('results[].mode', 'string', 'the mode'),
    f('results[].handles', 'integer', 'operation sockets used'),
    f('results[].size', 'integer', 'request size in bytes'),
    f('results[].checkedRequests', 'integer', 'requests compared byte for byte with node:crypto before measuring'),
    ...measurementFields('afAlg', 'the kernel side'),
    ...measurementFields('inProcess', 'node:crypto in this process'),
    f('results[].ratio', 'number', 'AF_ALG ÷ in-process throughput'),
  ],
};

export const jsonSchemas: readonly JsonSchemaSpec[] = [
  resultSchema,
  allDriversSchema,
  driversSchema,
  infoSchema,
  vectorsSchema,
  benchSchema,
];

export function schemaById(id: string): JsonSchemaSpec {
  const schema = jsonSchemas.find((candidate) => candidate.id === id);
  if (schema === undefined) throw new RangeError(`no JSON schema ${id}`);
  return schema;
}

/** Commands that print no JSON document, and why (for docs/json.md). */
export const withoutJson: readonly { readonly command: string; readonly why: string }[] = [
  { command: 'kcapi vm ...', why: 'runs a command in a guest and passes its output through unchanged: put --json on that command' },
  { command: 'kcapi --batch FILE', why: 'prints what its lines print: put --json on the lines (one document per line, JSON Lines)' },
  { command: 'kcapi --help, kcapi --version, kcapi COMMAND --help', why: 'text for people' },
];

function typeMatches(token: string, value: unknown): boolean {
  if (token.startsWith('"')) return value === JSON.parse(token);
  switch (token) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      throw new RangeError(`unknown type ${token} in the schema table`);
  }
}

/** The documented type tokens `value` matches ("object", "map", ...), or none. */
function matchedTokens(field: FieldSpec, value: unknown): string[] {
  return field.type
    .split('|')
    .map((token) => token.trim())
    .filter((token) => typeMatches(token, value));
}

/**
 * Problems of `document` against `schema`: a wrong schema id, undocumented or missing
 * fields, values of an undocumented type. Empty when it conforms.
 */
export function validateDocument(schema: JsonSchemaSpec, document: unknown): string[] {
  const problems: string[] = [];
  const byPath = new Map(schema.fields.map((field) => [field.path, field]));
  const childrenOf = (parent: string): FieldSpec[] => {
    const prefix = parent === '' ? '' : `${parent}.`;
    return schema.fields.filter((field) => field.path.startsWith(prefix) && !field.path.slice(prefix.length).match(/[.[{]/));
  };

  const visitObject = (path: string, value: Record<string, unknown>): void => {
    for (const child of childrenOf(path)) {
      const key = child.path.slice(path === '' ? 0 : path.length + 1);
      if (!(key in value) && !child.optional) problems.push(`${child.path}: missing`);
    }
    for (const [key, inner] of Object.entries(value)) visit(path === '' ? key : `${path}.${key}`, inner);
  };

  const visit = (path: string, value: unknown): void => {
    const field = byPath.get(path);
    if (field === undefined) {
      problems.push(`${path}: not documented`);
      return;
    }
    const tokens = matchedTokens(field, value);
    if (tokens.length === 0) {
      problems.push(`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not ${field.type}`);
      return;
    }
    if (Array.isArray(value)) value.forEach((element) => visit(`${path}[]`, element));
    else if (tokens.includes('map')) for (const inner of Object.values(value as object)) visit(`${path}{}`, inner);
    else if (tokens.includes('object')) visitObject(path, value as Record<string, unknown>);
  };

  if (typeof document !== 'object' || document === null || Array.isArray(document)) return ['the document is not an object'];
  if ((document as { schema?: unknown }).schema !== schema.id) {
    problems.push(`schema: ${JSON.stringify((document as { schema?: unknown }).schema)} is not "${schema.id}"`);
  }
  visitObject('', document as Record<string, unknown>);
  return problems;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** docs/json.md. */
export function renderJsonDocs(): string {
  const out: string[] = [
    '# JSON output of kcapi',
    '',
    '<!-- Generated from src/cli/json-schemas.ts by scripts/gen-json-doc.mjs: edit that table, not this file. -->',
    '',
    'With `--json` every kcapi command that produces results prints exactly one JSON document',
    'on stdout (for `kcapi -x ...` on one line; the commands indent theirs). Its `schema` field names',
    'the layout below: `NAME/VERSION`.',
    '',
    '## Stability',
    '',
    'Within one schema version, fields are never removed or renamed and never change type or',
    'meaning; new optional fields may be added, so readers must ignore fields they do not know.',
    'Any other change gets a new version (`kcapi-result/2`), announced in the release notes.',
    "Diagnostics never go into the document's stdout stream: they stay on stderr, one line each.",
    '',
    'Paths: `a.b` is field `b` of object `a`; `a[]` an element of array `a`; `a{}` a value of map',
    '`a` (an object whose keys are data, such as errno names). A quoted type is a literal value.',
    '',
  ];
  for (const schema of jsonSchemas) {
    out.push(
      `## \`${schema.id}\``,
      '',
      `Printed by: ${schema.producedBy.map((command) => `\`${command}\``).join(', ')}.`,
      '',
      schema.summary,
      '',
    );
    out.push('| field | type | meaning |', '|---|---|---|');
    for (const field of schema.fields) {
      const optional = field.optional ? ' (optional)' : '';
      out.push(`| \`${field.path}\` | ${cell(field.type)}${optional} | ${cell(field.meaning)} |`);
    }
    out.push('');
  }
  out.push('## Without a JSON document', '');
  for (const entry of withoutJson) out.push(`- \`${entry.command}\`: ${entry.why}.`);
  out.push('');
  return out.join('\n');
}
