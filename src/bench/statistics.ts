/** Order statistics of benchmark samples. */

/** The q-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Samples that stand for `weight` observations each (requests of one batch share its
 * latency): the smallest sample at or below which a fraction q of all observations lie.
 */
export function weightedQuantile(samples: readonly { value: number; weight: number }[], q: number): number {
  const usable = samples.filter((sample) => sample.weight > 0);
  if (usable.length === 0) return Number.NaN;
  const sorted = [...usable].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, sample) => sum + sample.weight, 0);
  const target = Math.min(1, Math.max(0, q)) * total;
  let seen = 0;
  for (const sample of sorted) {
    seen += sample.weight;
    if (seen >= target) return sample.value;
  }
  return sorted[sorted.length - 1]!.value;
}

/**
 * How far repetitions disagree: (max − min) / median, 0 for a single repetition.
 * 0.05 means the repetitions lie within 5 % of their median.
 */
export function relativeSpread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const middle = median(values);
  if (!(middle > 0)) return Number.NaN;
  return (Math.max(...values) - Math.min(...values)) / middle;
}
