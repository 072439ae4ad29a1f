/**
 * `kcapi -x ... --json`: runs the invocation with its stdout lines collected and prints one
 * "kcapi-result/1" document instead (fields in json-schemas.ts, docs/json.md). A run with
 * --all-drivers prints its own "kcapi-all-drivers/1" document (src/cli/checked-run.ts); when
 * it fails before judging the drivers (no AF_ALG) it gets a "kcapi-result/1" one too.
 */
import { isInternalError, UnsupportedError, UsageError } from '../errors.js';
import type { KcapiOptions } from '../ops/options.js';
import { CollectingOutput, type Output } from '../ops/output.js';
import { resultSchemaId } from './json-schemas.js';
import { reportError } from './report.js';

/** What the invocation asked for, reported by the run once its options are known. */
export interface Invocation {
  readonly options: KcapiOptions;
  /** The operation key (`selectOperation`), undefined when nothing was asked for. */
  readonly operation: string | undefined;
}

/** Runs one invocation into `output`, calling `observe` once its options are known. */
export type InvocationRunner = (output: Output, observe: (invocation: Invocation) => void) => Promise<number>;

type ErrorKind = 'usage' | 'operation' | 'unsupported' | 'internal';

export interface ResultDocument {
  readonly schema: typeof resultSchemaId;
  readonly operation: string | null;
  readonly type: number | null;
  readonly algorithm: string | null;
  readonly status: number;
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly durationNs: number | null;
  readonly run: Record<string, unknown> | null;
  readonly error: { readonly kind: ErrorKind; readonly message: string } | null;
}

/** Types whose modules print their own run document with --json (src/ops/aio-run.ts). */
const runDocumentTypes = new Set(['9', '10']);
const durationLine = /^duration (\d+)$/;

export async function runAsJsonDocument(output: Output, run: InvocationRunner): Promise<number> {
  const collected = new CollectingOutput();
  let invocation: Invocation | undefined;
  let status: number;
  let error: ResultDocument['error'] = null;
  try {
    status = await run(collected, (seen) => {
      invocation = seen;
    });
    if (invocation !== undefined && invocation.operation === undefined && status !== 0) {
      error = { kind: 'usage', message: 'nothing to do: give -x TYPE (or -y, -z, -h)' };
    }
  } catch (thrown) {
    status = reportError(thrown, collected, true);
    error = { kind: errorKind(thrown), message: thrown instanceof Error ? thrown.message : String(thrown) };
  }
  const [only, ...more] = collected.lines;
  const ownDocument = error === null && invocation?.options.allDrivers === true && more.length === 0 && only?.startsWith('{');
  output.line(ownDocument ? only! : JSON.stringify(resultDocument(invocation, collected.lines, status, error)));
  output.flush();
  return status;
}

function errorKind(error: unknown): ErrorKind {
  if (error instanceof UsageError) return 'usage';
  if (error instanceof UnsupportedError) return 'unsupported';
  return isInternalError(error) ? 'internal' : 'operation';
}

function resultDocument(
  invocation: Invocation | undefined,
  collectedLines: readonly string[],
  status: number,
  error: ResultDocument['error'],
): ResultDocument {
  const options = invocation?.options;
  let lines = [...collectedLines];
  let durationNs: number | null = null;
  let run: Record<string, unknown> | null = null;

  const runLine =
    invocation?.operation !== undefined && runDocumentTypes.has(invocation.operation)
      ? lines.findIndex((line) => line.startsWith('{'))
      : -1;
  if (runLine >= 0) {
    const { durationNs: runDuration, ...document } = JSON.parse(lines[runLine]!) as Record<string, unknown>;
    run = { ...document, driver: document.driver ?? null, driverAsync: document.driverAsync ?? null };
    if (typeof runDuration === 'number') durationNs = runDuration;
    lines.splice(runLine, 1, String(document.output));
  } else if (options?.timing) {
    const at = lines.findIndex((line) => durationLine.test(line));
    if (at >= 0) {
      durationNs = Number(durationLine.exec(lines[at]!)![1]);
      lines = lines.filter((_, index) => index !== at);
    }
  }
  return {
    schema: resultSchemaId,
    operation: invocation?.operation ?? null,
    type: options?.cipherType ?? null,
    algorithm: options === undefined || options.cipher === '' ? null : options.cipher,
    status,
    ok: status === 0,
    lines,
    durationNs,
    run,
    error,
  };
}
