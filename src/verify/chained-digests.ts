/** Multi-step constructions over a digest or PRF: SHA Monte Carlo and SP 800-108 KDF. */
import type { Awaitable } from './backend.js';

export type DigestFunction = (message: Buffer) => Awaitable<Buffer>;

/**
 * One SHA Monte Carlo checkpoint (SHAVS / SHA3VS, byte-oriented). SHA-1/SHA-2:
 * MD0 = MD1 = MD2 = seed; MDi = H(MDi-3 ‖ MDi-2 ‖ MDi-1) for i = 3..1002; result MD1002.
 * SHA-3: MD0 = seed; MDi = H(MDi-1) for i = 1..1000; result MD1000.
 */
export async function monteCheckpoint(digest: DigestFunction, seed: Buffer, style: 'sha2' | 'sha3'): Promise<Buffer> {
  if (style === 'sha3') {
    let md = seed;
    for (let i = 0; i < 1000; i++) md = await digest(md);
    return md;
  }
  let [a, b, c] = [seed, seed, seed];
  for (let i = 3; i < 1003; i++) {
    const next = await digest(Buffer.concat([a, b, c]));
    [a, b, c] = [b, c, next];
  }
  return c;
}

export interface CounterKdfInput {
  readonly fixedBefore: Buffer;
  readonly fixedAfter: Buffer;
  readonly counterBits: 8 | 16 | 24 | 32;
  readonly outputBits: number;
}

/** SP 800-108 KDF in counter mode: K(i) = PRF(KI, before ‖ [i]r ‖ after), i from 1. */
export async function counterKdf(prf: DigestFunction, input: CounterKdfInput): Promise<Buffer> {
  const outputBytes = Math.ceil(input.outputBits / 8);
  const counterBytes = input.counterBits / 8;
  const blocks: Buffer[] = [];
  let produced = 0;
  for (let i = 1; produced < outputBytes; i++) {
    if (i >= 2 ** input.counterBits) throw new RangeError(`KDF output needs more than ${input.counterBits}-bit counter values`);
    const counter = Buffer.alloc(counterBytes);
    counter.writeUIntBE(i, 0, counterBytes);
    const block = await prf(Buffer.concat([input.fixedBefore, counter, input.fixedAfter]));
    blocks.push(block);
    produced += block.length;
  }
  return Buffer.concat(blocks).subarray(0, outputBytes);
}
