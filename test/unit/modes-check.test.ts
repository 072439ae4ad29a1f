import { describe, expect, it } from 'vitest';
import { randomBytes } from '../helpers/seeded-random.js';
import { checkRequests, describeCheck, expectations } from '../../src/modes/check.js';
import { algorithmModel, skcipher, type RequestOutcome } from '../../src/software/index.js';

const key = randomBytes(16);
const iv = randomBytes(16);
const model = { algorithm: algorithmModel('cbc(aes)')!, direction: 'encrypt' as const, key };

describe('--check classification', () => {
  it('treats a single request as both chained and independent', () => {
    const inputs = [randomBytes(32)];
    const actual: RequestOutcome[] = [{ output: skcipher('cbc(aes)', 'encrypt', key, iv, inputs[0]!) }];
    const report = checkRequests(model, { mode: 'chained', handles: 1, inputs, ivs: [iv] }, actual);
    expect(report.requests[0]?.match).toBe('both');
    expect(report.passed).toBe(true);
  });

  it("chains each socket's requests on their own with several handles", () => {
    const inputs = Array.from({ length: 5 }, () => randomBytes(16));
    const ivs = inputs.map(() => iv);
    const layout = { mode: 'chained' as const, handles: 2, inputs, ivs };
    const { chained } = expectations(model, layout);
    // Socket 0 runs requests 0, 2, 4: one CBC stream over their concatenation.
    const stream0 = skcipher('cbc(aes)', 'encrypt', key, iv, Buffer.concat([inputs[0]!, inputs[2]!, inputs[4]!]));
    expect(chained[4]).toEqual({ output: stream0.subarray(32) });
    const report = checkRequests(model, layout, chained);
    expect(report.requests.map((request) => request.match)).toEqual(['both', 'both', 'chained', 'chained', 'chained']);
    expect(report.passed).toBe(true);
  });

  it('fails a chained run that restarted from the initial IV, and passes it as inline-iv', () => {
    const input = randomBytes(16);
    const inputs = [input, input, input];
    const ivs = [iv, iv, iv];
    const independent = { output: skcipher('cbc(aes)', 'encrypt', key, iv, input) };
    const actual = [independent, independent, independent];
    const chainedRun = checkRequests(model, { mode: 'chained', handles: 1, inputs, ivs }, actual);
    expect(chainedRun.passed).toBe(false);
    expect(chainedRun.counts).toEqual({ chained: 0, independent: 2, both: 1, neither: 0 });
    expect(describeCheck(chainedRun)).toEqual([
      'request 0: both',
      'requests 1-2: independent (expected chained)',
      "check FAILED: the kernel's output is not what --mode chained expects",
    ]);
    expect(checkRequests(model, { mode: 'inline-iv', handles: 1, inputs, ivs }, actual).passed).toBe(true);
  });

  it('reports a corrupted request as neither', () => {
    const inputs = [randomBytes(16), randomBytes(16)];
    const { chained } = expectations(model, { mode: 'chained', handles: 1, inputs, ivs: [iv, iv] });
    const broken = Buffer.from((chained[1] as { output: Buffer }).output);
    broken[0]! ^= 0x80;
    const report = checkRequests(model, { mode: 'chained', handles: 1, inputs, ivs: [iv, iv] }, [chained[0]!, { output: broken }]);
    expect(report.requests[1]?.match).toBe('neither');
    expect(report.passed).toBe(false);
  });

  it('fails when no result came back: nothing to compare is not a pass', () => {
    const inputs = [randomBytes(16), randomBytes(16)];
    for (const mode of ['chained', 'inline-iv'] as const) {
      for (const handles of [1, 2]) {
        const report = checkRequests(model, { mode, handles, inputs, ivs: [iv, iv] }, []);
        expect(report.passed, `${mode}, ${handles} handles`).toBe(false);
        expect(report.counts.neither, `${mode}, ${handles} handles`).toBe(2);
      }
    }
    const nothingSent = checkRequests(model, { mode: 'chained', handles: 1, inputs: [], ivs: [] }, []);
    expect(nothingSent.passed).toBe(false);
    expect(describeCheck(nothingSent)).toEqual(['check FAILED: no request came back to compare']);
  });

  it("fails when a request's result is missing", () => {
    const inputs = [randomBytes(16), randomBytes(16)];
    const { chained } = expectations(model, { mode: 'chained', handles: 1, inputs, ivs: [iv, iv] });
    const report = checkRequests(model, { mode: 'chained', handles: 1, inputs, ivs: [iv, iv] }, [chained[0]!]);
    expect(report.requests.map((request) => request.match)).toEqual(['both', 'neither']);
    expect(report.passed).toBe(false);
  });
});
