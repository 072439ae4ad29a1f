/**
 * `--check`: compares what the kernel produced for each request with the chained and the
 * independent software expectations, and says whether the run did what its mode promises.
 */
import type { RequestMode } from '../ops/options.js';
import { chainedOutcomes, independentOutcomes, type RequestOutcome, type RequestSetModel } from '../software/index.js';

/** Which expectation a request's result matches; `both` when the two are the same bytes. */
export type Match = 'chained' | 'independent' | 'both' | 'neither';

export interface RequestCheck {
  readonly index: number;
  readonly handle: number;
  readonly match: Match;
  /** Whether this request matches what its mode expects. */
  readonly asExpected: boolean;
}

export interface CheckReport {
  readonly mode: RequestMode;
  readonly requests: readonly RequestCheck[];
  readonly counts: Readonly<Record<Match, number>>;
  /** Every request matched its mode's expectation. */
  readonly passed: boolean;
}

export function sameOutcome(a: RequestOutcome, b: RequestOutcome): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b && a.error === b.error;
  return a.output.equals(b.output);
}

export function classify(actual: RequestOutcome, chained: RequestOutcome, independent: RequestOutcome): Match {
  const isChained = sameOutcome(actual, chained);
  const isIndependent = sameOutcome(actual, independent);
  if (isChained && isIndependent) return 'both';
  if (isChained) return 'chained';
  if (isIndependent) return 'independent';
  return 'neither';
}

export function matchesMode(mode: RequestMode, match: Match): boolean {
  return match === 'both' || (mode === 'chained' ? match === 'chained' : match === 'independent');
}

export interface RequestLayout {
  readonly mode: RequestMode;
  /** Operation sockets the requests were spread over: request i ran on socket i mod handles. */
  readonly handles: number;
  readonly inputs: readonly Uint8Array[];
  /** The IV each request starts from when independent (also each socket's initial IV). */
  readonly ivs: readonly Uint8Array[];
}

/**
 * The software expectations for every request: chained along each socket's own sequence
 * (request i follows request i − handles, the first on each socket starting from its IV),
 * and independent (each request from its own IV).
 */
export function expectations(model: RequestSetModel, layout: RequestLayout): { chained: RequestOutcome[]; independent: RequestOutcome[] } {
  const { handles, inputs, ivs } = layout;
  const chained: RequestOutcome[] = new Array<RequestOutcome>(inputs.length);
  for (let handle = 0; handle < Math.min(handles, inputs.length); handle++) {
    const indices: number[] = [];
    for (let index = handle; index < inputs.length; index += handles) indices.push(index);
    const outcomes = chainedOutcomes(
      model,
      ivs[handle] ?? new Uint8Array(0),
      indices.map((index) => inputs[index] ?? new Uint8Array(0)),
    );
    indices.forEach((index, position) => {
      chained[index] = outcomes[position] ?? noExpectation;
    });
  }
  return { chained, independent: independentOutcomes(model, ivs, inputs) };
}

export function checkRequests(model: RequestSetModel, layout: RequestLayout, actual: readonly RequestOutcome[]): CheckReport {
  const { chained, independent } = expectations(model, layout);
  const counts: Record<Match, number> = { chained: 0, independent: 0, both: 0, neither: 0 };
  // Every request sent is judged: one without a result matches nothing, and no request at all
  // passes nothing (a check with nothing to compare must not pass).
  const total = Math.max(layout.inputs.length, actual.length);
  const requests = Array.from({ length: total }, (_, index): RequestCheck => {
    const outcome = actual[index] ?? noResult;
    const match = classify(outcome, chained[index] ?? noExpectation, independent[index] ?? noExpectation);
    counts[match]++;
    return { index, handle: index % layout.handles, match, asExpected: matchesMode(layout.mode, match) };
  });
  return { mode: layout.mode, requests, counts, passed: total > 0 && requests.every((request) => request.asExpected) };
}

/** Stand-ins that match nothing: a request the kernel gave no result for, or one without a model. */
const noResult: RequestOutcome = { error: 'no result' };
const noExpectation: RequestOutcome = { error: 'no expectation' };

/** One line per run of equal matches: "requests 0-1: chained", "request 2: neither". */
export function describeCheck(report: CheckReport): string[] {
  const lines: string[] = [];
  let start = 0;
  const { requests } = report;
  for (let index = 1; index <= requests.length; index++) {
    const previous = requests[index - 1];
    const current = requests[index];
    if (previous && (!current || current.match !== previous.match)) {
      const range = start === index - 1 ? `request ${start}` : `requests ${start}-${index - 1}`;
      lines.push(
        `${range}: ${previous.match}${previous.asExpected ? '' : ` (expected ${report.mode === 'chained' ? 'chained' : 'independent'})`}`,
      );
      start = index;
    }
  }
  const verdict = report.passed
    ? `check passed: the kernel's output is what --mode ${report.mode} expects`
    : requests.length === 0
      ? 'check FAILED: no request came back to compare'
      : `check FAILED: the kernel's output is not what --mode ${report.mode} expects`;
  return [...lines, verdict];
}
