/** PBKDF2 (RFC 8018 §5.2) over any PRF family, with the password as the PRF key. */
import { checkOutputLength, counter32, withKeyedPrf, type Prf, type PrfFamily } from './prf.js';
import { InvalidArgumentError } from '../kernel/errors.js';

/** U1 ⊕ … ⊕ Uc with U1 = PRF(seed), Uj = PRF(Uj-1), in plain TypeScript. */
function xorChainByMac(prf: Prf, seed: Uint8Array, iterations: number): Buffer {
  let u = prf.mac(seed);
  const sum = Buffer.from(u);
  for (let j = 1; j < iterations; j++) {
    const next = prf.mac(u);
    u.fill(0);
    u = next;
    for (let k = 0; k < sum.length; k++) sum[k]! ^= u[k]!;
  }
  u.fill(0);
  return sum;
}

export function checkIterations(iterations: number): void {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 0xffff_ffff) {
    throw new InvalidArgumentError(`PBKDF2 iteration count must be an integer from 1 to 4294967295, got ${iterations}`);
  }
}

/** DK = T1 ‖ T2 ‖ … truncated to `length`, Ti = F(password, salt, c, i). */
export function pbkdf2(family: PrfFamily, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Buffer {
  checkIterations(iterations);
  checkOutputLength(length);
  return withKeyedPrf(family, password, (prf) => {
    const output = Buffer.alloc(length);
    for (let i = 1, offset = 0; offset < length; i++) {
      const seed = Buffer.concat([salt, counter32(i)]);
      const block = prf.xorChain ? prf.xorChain(seed, iterations) : xorChainByMac(prf, seed, iterations);
      offset += block.copy(output, offset, 0, Math.min(block.length, length - offset));
      block.fill(0);
    }
    return output;
  });
}
