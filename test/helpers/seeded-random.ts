/**
 * The random inputs of the tests, replayable: every draw comes from one run seed,
 * KCAPI_TEST_SEED when set (0 to 4294967295), else a fresh one. Each test draws from its own
 * stream (the run seed and the test's name), so a test replays alone (`-t`) as in the whole
 * run; draws outside a test come from the file's stream. A failing test that drew anything
 * prints the seed on stderr. randomBytes/randomInt mirror node:crypto's (max exclusive).
 */
import { createHash, randomInt as freshInt } from 'node:crypto';
import { beforeEach, expect } from 'vitest';
import { FuzzRandom } from '../../src/ops/fuzz/random.js';

export const testSeedVariable = 'KCAPI_TEST_SEED';

function runSeedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return freshInt(0, 2 ** 32);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`${testSeedVariable} must be an integer from 0 to 4294967295, got ${JSON.stringify(value)}`);
  }
  return seed;
}

/** The seed of this run: the environment's, or the one printed when a test failed. */
export const testSeed = runSeedFrom(process.env[testSeedVariable]);

const streams = new Map<string, FuzzRandom>();
let drawn = false;

/** The stream of `label` (a test's name): a seed derived from the run seed and the label. */
export function seededRandom(label: string): FuzzRandom {
  let random = streams.get(label);
  if (random === undefined) {
    const digest = createHash('sha256').update(`${testSeed}\0${label}`).digest();
    random = new FuzzRandom(digest.readUInt32LE(0));
    streams.set(label, random);
  }
  drawn = true;
  return random;
}

/** The current test's stream (the file's outside a test). */
export function testRandom(): FuzzRandom {
  return seededRandom(expect.getState().currentTestName ?? '(outside a test)');
}

/** `length` random bytes from the current test's stream. */
export function randomBytes(length: number): Buffer {
  return testRandom().bytes(length);
}

/** A random integer in [0, max) or [min, max), as node:crypto's randomInt. */
export function randomInt(minOrMax: number, max?: number): number {
  const [low, high] = max === undefined ? [0, minOrMax] : [minOrMax, max];
  return testRandom().int(low, high - 1);
}

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    if (drawn) process.stderr.write(`random inputs of this run: replay with ${testSeedVariable}=${testSeed}\n`);
  });
});
