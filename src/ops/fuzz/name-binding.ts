/**
 * `kcapi -h` without -x: binds random algorithm names (names.ts) to every socket type and
 * reports each that allocates where it must not. Success of a plausible name is not a
 * failure (it may be a real algorithm): the point there is that nothing crashes or hangs.
 */
import { isInternalError } from '../../errors.js';
import { Transform } from '../../kernel/index.js';
import type { FuzzFailures } from './failures.js';
import { randomFuzzName, socketTypes, type FuzzName } from './names.js';
import type { FuzzRandom } from './random.js';

/** Names tried per round, each against the four socket types. */
export const namesPerRound = 1;

export function fuzzNames(
  rounds: number,
  random: FuzzRandom,
  failures: FuzzFailures,
  nextName: (random: FuzzRandom) => FuzzName = randomFuzzName,
): void {
  for (let round = 1; round <= rounds; round++) {
    for (let n = 0; n < namesPerRound; n++) {
      const fuzz = nextName(random);
      for (const type of socketTypes) {
        failures.guard(round, `binding ${JSON.stringify(fuzz.name)} as ${type}`, () => {
          let transform: Transform;
          try {
            transform = Transform.open(type, fuzz.name);
          } catch (error) {
            if (isInternalError(error)) throw error;
            return;
          }
          transform.close();
          if (fuzz.mustFailAs.includes(type)) {
            failures.fail(
              round,
              `allocation success of nonsense name ${JSON.stringify(fuzz.name)} (${fuzz.kind}, hex ${Buffer.from(fuzz.name).toString('hex')}) as ${type}`,
            );
          }
        });
      }
    }
  }
}
