/**
 * Whether Linux AIO on an AF_ALG operation socket is asynchronous: several PREAD requests
 * in one io_submit on cbc(aes), as the reference's -x 9 does, and what came back when.
 */
import { randomBytes } from 'node:crypto';
import { algorithmInfo, Transform } from '../kernel/index.js';
import { AioReader } from '../modes/aio-context.js';
import { native } from '../native.js';
import { algorithmModel, chainedOutcomes, independentOutcomes, type RequestOutcome } from '../software/index.js';

export interface AioReport {
  /**
   * asynchronous: a request was still in flight when io_submit returned; synchronous: all
   * completed inside io_submit; unsupported: io_submit refused; unknown: not measurable here.
   */
  readonly status: 'asynchronous' | 'synchronous' | 'unsupported' | 'unknown';
  readonly detail: string;
  readonly algorithm: string;
  readonly driver: string | null;
  readonly requests: number;
  readonly inFlightAtSubmit: number;
  readonly completedInSubmit: number;
  /** Requests that failed, by errno name (EBUSY: one request in flight per socket). */
  readonly errors: Readonly<Record<string, number>>;
  /** Whether the results continued one CBC chain or each started from the IV. */
  readonly output: 'chained' | 'independent' | 'neither' | null;
}

const algorithm = 'cbc(aes)';
const requestCount = 4;
const blockSize = 16;

export async function probeAio(): Promise<AioReport> {
  const base = { algorithm, driver: null, requests: requestCount, inFlightAtSubmit: 0, completedInSubmit: 0, errors: {}, output: null };
  if (typeof (native() as { AioContext?: unknown }).AioContext !== 'function') {
    return { ...base, status: 'unknown', detail: 'this build has no AIO support (native AioContext missing)' };
  }
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const requests = Array.from({ length: requestCount }, () => randomBytes(blockSize));
  const transform = Transform.open('skcipher', algorithm);
  let reader: AioReader | undefined;
  try {
    const driver = driverOf(transform);
    transform.setKey(key);
    const operation = transform.accept();
    operation.send(Buffer.concat(requests), { op: 'encrypt', iv, more: false });
    reader = new AioReader(operation, 'sync');
    const buffers = requests.map(() => Buffer.alloc(blockSize));
    let batch;
    try {
      batch = await reader.submitReads(buffers);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ...base, driver, status: 'unsupported', detail: `io_submit on an AF_ALG socket failed: ${reason}` };
    }
    const errors: Record<string, number> = {};
    batch.codes.forEach((code, i) => {
      if (i >= batch.submitted) code = `not submitted (${native().errnoName(batch.submitErrno)})`;
      if (code !== undefined) errors[code] = (errors[code] ?? 0) + 1;
    });
    const inFlight = batch.inFlightAtSubmit.filter(Boolean).length;
    const succeeded = batch.results.filter((bytes) => bytes === blockSize).length;
    const completedInSubmit = batch.submitted - inFlight;
    const output = succeeded === requestCount ? classify(Buffer.concat(buffers), key, iv, requests) : null;
    const status = inFlight > 0 ? 'asynchronous' : 'synchronous';
    const summary =
      inFlight > 0
        ? `${inFlight} of ${batch.submitted} requests still in flight when io_submit returned`
        : `all ${batch.submitted} requests completed inside io_submit`;
    const failures = Object.entries(errors).map(([code, n]) => `${n} × ${code}`);
    const detail = [summary, ...failures, output ? `output ${output}` : ''].filter(Boolean).join('; ');
    return { ...base, driver, status, detail, inFlightAtSubmit: inFlight, completedInSubmit, errors, output };
  } finally {
    reader?.close();
    transform.close();
  }
}

function driverOf(transform: Transform): string | null {
  try {
    return algorithmInfo(transform).driver;
  } catch {
    return null;
  }
}

/** Whether the results continued one chain or each started from the IV (docs/af-alg.md, "IVs between requests"). */
function classify(output: Buffer, key: Buffer, iv: Buffer, requests: readonly Buffer[]): AioReport['output'] {
  const model = { algorithm: algorithmModel(algorithm)!, direction: 'encrypt' as const, key };
  const joined = (outcomes: RequestOutcome[]) =>
    Buffer.concat(outcomes.map((outcome) => ('output' in outcome ? outcome.output : Buffer.alloc(0))));
  if (output.equals(joined(chainedOutcomes(model, iv, requests)))) return 'chained';
  if (
    output.equals(
      joined(
        independentOutcomes(
          model,
          requests.map(() => iv),
          requests,
        ),
      ),
    )
  )
    return 'independent';
  return 'neither';
}
