/**
 * Timing of one workload: a warm-up, then R repetitions of equal length, each a loop of
 * rounds. Throughput comes from each repetition (median shown, spread between them);
 * latency from every round: the requests of a round (a batch) share its duration.
 */
import { median, relativeSpread, weightedQuantile } from './statistics.js';
import type { Workload } from './workload.js';

export interface Measurement {
  /** Requests per second, median over repetitions. */
  readonly opsPerSecond: number;
  /** 10^6 bytes per second, median over repetitions. */
  readonly megabytesPerSecond: number;
  readonly latencyMicroseconds: { readonly p50: number; readonly p99: number };
  /** (max − min) / median of the repetitions' request rates. */
  readonly spread: number;
  /** Request rate of each repetition. */
  readonly repetitionOpsPerSecond: readonly number[];
  readonly requests: number;
}

export interface MeasureSettings {
  readonly durationSeconds: number;
  readonly repetitions: number;
  /** Request size in bytes (for MB/s). */
  readonly size: number;
  /** Called after each repetition (progress). */
  readonly onRepetition?: (done: number) => void;
}

const now = (): bigint => process.hrtime.bigint();

/** Warm-up time: a tenth of the measurement, between 20 ms and 200 ms. */
function warmUpNs(durationSeconds: number): bigint {
  return BigInt(Math.round(Math.min(0.2, Math.max(0.02, durationSeconds / 10)) * 1e9));
}

export async function measure(workload: Workload, settings: MeasureSettings): Promise<Measurement> {
  const warmUpEnd = now() + warmUpNs(settings.durationSeconds);
  do await workload.round();
  while (now() < warmUpEnd);

  const slice = BigInt(Math.max(1, Math.round((settings.durationSeconds / settings.repetitions) * 1e9)));
  const latencies: { value: number; weight: number }[] = [];
  const rates: number[] = [];
  let requests = 0;
  for (let repetition = 0; repetition < settings.repetitions; repetition++) {
    const start = now();
    const deadline = start + slice;
    let done = 0;
    let end = start;
    do {
      const before = end;
      const round = await workload.round();
      end = now();
      done += round.requests;
      latencies.push({ value: Number(end - before) / 1e3, weight: round.requests });
    } while (end < deadline);
    rates.push(done / (Number(end - start) / 1e9));
    requests += done;
    settings.onRepetition?.(repetition + 1);
  }
  const opsPerSecond = median(rates);
  return {
    opsPerSecond,
    megabytesPerSecond: (opsPerSecond * settings.size) / 1e6,
    latencyMicroseconds: { p50: weightedQuantile(latencies, 0.5), p99: weightedQuantile(latencies, 0.99) },
    spread: relativeSpread(rates),
    repetitionOpsPerSecond: rates,
    requests,
  };
}
