/**
 * The fuzzers on the real kernel: 1000-round runs must find nothing, and each fuzzer must
 * report a planted disagreement (a fuzzer that cannot fail proves nothing).
 */
import { describe, expect, it } from 'vitest';
import { aeadReference, fuzzAead } from '../../src/ops/fuzz/aead.js';
import { FuzzFailures } from '../../src/ops/fuzz/failures.js';
import { fuzzNames, namesPerRound } from '../../src/ops/fuzz/name-binding.js';
import { FuzzRandom } from '../../src/ops/fuzz/random.js';
import { fuzzSkcipher, skcipherReference } from '../../src/ops/fuzz/skcipher.js';
import { CollectingOutput } from '../../src/ops/output.js';
import { requireAfAlg } from '../helpers/kernel.js';
import { testRandom } from '../helpers/seeded-random.js';

/** The fuzzer's source, seeded from the test's stream (KCAPI_TEST_SEED replays a run). */
const fuzzRandom = (): FuzzRandom => new FuzzRandom(testRandom().next());
/** Under TCG emulation a kernel request costs tens of microseconds; 1000 rounds take minutes. */
const fuzzTimeout = 1_800_000;

function collect(label: string) {
  const output = new CollectingOutput();
  return { output, failures: new FuzzFailures(output, label) };
}

describe('fuzzers on the kernel (seed printed on failure)', () => {
  it.each([
    ['cbc(aes)', 1000],
    ['ctr(aes)', 200],
    ['xts(aes)', 200],
  ] as const)(
    '-x 1 %s: %i rounds without a failure',
    (name, rounds) => {
      requireAfAlg();
      const { output, failures } = collect(name);
      fuzzSkcipher(name, rounds, fuzzRandom(), failures);
      expect(output.lines).toEqual([]);
    },
    fuzzTimeout,
  );

  it.each([
    ['gcm(aes)', 1000],
    ['ccm(aes)', 200],
    ['authenc(hmac(sha256),cbc(aes))', 200],
    ['rfc7539(chacha20,poly1305)', 200],
    // Most rounds' random AAD lengths are refused (rfc4106 takes 16 or 20 bytes); the rest are compared.
    ['rfc4106(gcm(aes))', 200],
  ] as const)(
    '-x 2 %s: %i rounds without a failure',
    (name, rounds) => {
      requireAfAlg();
      const { output, failures } = collect(name);
      fuzzAead(name, rounds, fuzzRandom(), failures);
      expect(output.lines).toEqual([]);
    },
    fuzzTimeout,
  );

  // CI once drew this seed: round 56 decrypts an empty AEAD result with a forged 6-byte tag.
  // The fuzzer read zero bytes, which returns without running the request, and saw "success".
  it(
    '-x 2 authenc: seed 216965060 checks the tag of an empty result',
    () => {
      requireAfAlg();
      const { output, failures } = collect('authenc');
      fuzzAead('authenc(hmac(sha256),cbc(aes))', 60, new FuzzRandom(216965060), failures);
      expect(output.lines).toEqual([]);
    },
    fuzzTimeout,
  );

  // Every failing lookup makes the kernel run modprobe twice ("crypto-NAME", "crypto-NAME-all"),
  // a process start each: under emulation that, not the fuzzer, sets the pace.
  it(
    'names: 100 rounds, nothing nonsensical allocates',
    () => {
      requireAfAlg();
      const { output, failures } = collect('names');
      fuzzNames(100, fuzzRandom(), failures);
      expect(output.lines).toEqual([]);
    },
    fuzzTimeout,
  );
});

describe('the fuzzers catch planted errors', () => {
  it('skcipher: a reference computing ECB instead of CBC is reported', () => {
    requireAfAlg();
    const ecb = skcipherReference('ecb(aes)')!;
    const { failures } = collect('cbc(aes)');
    fuzzSkcipher('cbc(aes)', 5, new FuzzRandom(1), failures, { encrypt: (key, _iv, data) => ecb.encrypt(key, _iv, data) });
    expect(failures.count).toBe(5);
  });

  it('AEAD: a reference with a corrupted tag is reported', () => {
    requireAfAlg();
    const gcm = aeadReference('gcm(aes)')!;
    const { failures } = collect('gcm(aes)');
    fuzzAead('gcm(aes)', 5, new FuzzRandom(2), failures, {
      encrypt: (...args) => {
        const sealed = gcm.encrypt(...args);
        if (sealed && sealed.length > 0) sealed[sealed.length - 1]! ^= 1;
        return sealed;
      },
    });
    expect(failures.count).toBeGreaterThanOrEqual(4);
  });

  it('names: a real name flagged as nonsense is reported for that type only', () => {
    requireAfAlg();
    const { output, failures } = collect('names');
    fuzzNames(2, new FuzzRandom(3), failures, () => ({ name: 'sha256', kind: 'garbage', mustFailAs: ['hash', 'skcipher'] }));
    // One name per round, allocating as hash only.
    expect(failures.count).toBe(2 * namesPerRound);
    expect(output.lines[0]).toMatch(/allocation success of nonsense name "sha256" .* as hash$/);
  });
});
