import { describe, expect, it } from 'vitest';
import { median, quantile, relativeSpread, weightedQuantile } from '../../src/bench/statistics.js';
import { measure } from '../../src/bench/measure.js';

describe('bench statistics', () => {
  it('interpolates quantiles between order statistics', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([10, 20], 0.99)).toBeCloseTo(19.9);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('weights samples by the requests that shared them', () => {
    const samples = [
      { value: 1, weight: 98 },
      { value: 100, weight: 2 },
    ];
    expect(weightedQuantile(samples, 0.5)).toBe(1);
    expect(weightedQuantile(samples, 0.98)).toBe(1);
    expect(weightedQuantile(samples, 0.99)).toBe(100);
    expect(weightedQuantile([], 0.5)).toBeNaN();
  });

  it('gives the spread of repetitions relative to their median', () => {
    expect(relativeSpread([90, 100, 110])).toBeCloseTo(0.2);
    expect(relativeSpread([5])).toBe(0);
  });

  it('measures a workload over repetitions with request counts, rates and latencies', async () => {
    let rounds = 0;
    const result = await measure(
      {
        round: () => {
          rounds++;
          return { requests: 4 };
        },
        close: () => {},
      },
      { durationSeconds: 0.05, repetitions: 5, size: 1000 },
    );
    expect(result.repetitionOpsPerSecond).toHaveLength(5);
    expect(result.requests % 4).toBe(0);
    expect(result.requests).toBeLessThanOrEqual(rounds * 4);
    expect(result.opsPerSecond).toBeGreaterThan(0);
    expect(result.megabytesPerSecond).toBeCloseTo((result.opsPerSecond * 1000) / 1e6);
    expect(result.latencyMicroseconds.p99).toBeGreaterThanOrEqual(result.latencyMicroseconds.p50);
  });
});
