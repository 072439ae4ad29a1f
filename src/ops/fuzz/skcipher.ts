/**
 * `kcapi -h -x 1 -c NAME`: each round sets random keys (valid and invalid lengths), then
 * encrypts random data under a random IV three ways — one sendmsg, random MSG_MORE pieces
 * with (for chaining modes) reads in random block multiples, and node:crypto where it has
 * the cipher — and decrypts back; wrong IV lengths, unaligned lengths and missing keys
 * must fail. Each disagreement is one failure line.
 */
import { algorithmInfo, Transform, type Operation } from '../../kernel/index.js';
import { failureCode, hex, type FuzzFailures } from './failures.js';
import { readAll, readInPieces, sendInPieces, sendWhole, withOperation } from './io.js';
import type { FuzzRandom } from './random.js';
import { skcipher, softwareKind } from '../../software/index.js';
import { softwareRefusal } from './software-refusal.js';

/** The node:crypto counterpart of the kernel's encryption; undefined for parameters it cannot take (the check is skipped). */
export interface SkcipherReference {
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer | undefined;
}

/** The software reference for a generic kernel name (driver names get none), or undefined. */
export function skcipherReference(name: string): SkcipherReference | undefined {
  if (softwareKind(name) !== 'skcipher') return undefined;
  return {
    encrypt: (key, iv, data) => {
      try {
        return skcipher(name, 'encrypt', key, iv, data);
      } catch (error) {
        if (softwareRefusal(error)) return undefined;
        throw error;
      }
    },
  };
}

/** Key lengths probed once: the kernel's answer for each becomes the round's oracle. */
const probedKeyLengths = 80;

function acceptedKeyLengths(transform: Transform, random: FuzzRandom): Set<number> {
  const accepted = new Set<number>();
  for (let length = 0; length <= probedKeyLengths; length++) {
    if (failureCode(() => transform.setKey(random.bytes(length))) === undefined) accepted.add(length);
  }
  return accepted;
}

/** `reference` replaces the node:crypto counterpart (tests use it to see that a wrong answer is caught). */
export function fuzzSkcipher(
  name: string,
  rounds: number,
  random: FuzzRandom,
  failures: FuzzFailures,
  reference: SkcipherReference | undefined = skcipherReference(name),
): void {
  const transform = Transform.open('skcipher', name);
  try {
    const info = algorithmInfo(transform);
    const keyLengths = acceptedKeyLengths(transform, random);
    if (keyLengths.size === 0) {
      failures.fail(0, `${name} accepts no key of 0..${probedKeyLengths} bytes`);
      return;
    }
    const context: SkcipherContext = {
      name,
      transform,
      ivSize: info.ivSize,
      unit: Math.max(1, info.blockSize),
      keyLengths: [...keyLengths],
      reference,
      // Modes whose kernel implementation carries the IV from one read to the next.
      chains: /^(cbc|ctr|ecb)\(/.test(name),
      // Modes that must reject data that is not a whole number of blocks.
      needsWholeBlocks: /^(cbc|ecb)\(/.test(name),
    };
    for (let round = 1; round <= rounds; round++) {
      failures.guard(round, name, () => skcipherRound(context, round, random, failures));
    }
  } finally {
    transform.close();
  }
}

interface SkcipherContext {
  name: string;
  transform: Transform;
  ivSize: number;
  unit: number;
  keyLengths: number[];
  reference: SkcipherReference | undefined;
  chains: boolean;
  needsWholeBlocks: boolean;
}

function skcipherRound(context: SkcipherContext, round: number, random: FuzzRandom, failures: FuzzFailures): void {
  const { transform } = context;
  const fail = (message: string) => failures.fail(round, message);

  const tryLength = random.int(0, probedKeyLengths);
  const keyError = failureCode(() => transform.setKey(random.bytes(tryLength)));
  const shouldAccept = context.keyLengths.includes(tryLength);
  if (shouldAccept && keyError !== undefined) fail(`setkey of a ${tryLength}-byte key failed now: ${keyError}`);
  if (!shouldAccept && keyError === undefined) fail(`setkey accepted a ${tryLength}-byte key it rejected before`);

  const key = random.bytes(random.pick(context.keyLengths));
  transform.setKey(key);
  const iv = random.bytes(context.ivSize);
  const length = context.unit > 1 ? context.unit * random.int(1, 64) : random.int(1, 1024);
  const plaintext = random.bytes(length);
  const start = context.ivSize > 0 ? { iv } : {};
  const describe = () => `key ${hex(key)} iv ${hex(iv)} ${length} bytes`;

  const ciphertext = withOperation(
    () => transform.accept(),
    (operation) => {
      sendWhole(operation, plaintext, { op: 'encrypt', ...start });
      return readAll(operation, length);
    },
  );

  const pieces = withOperation(
    () => transform.accept(),
    (operation) => {
      sendInPieces(operation, plaintext, { op: 'encrypt', ...start }, random);
      return context.chains ? readInPieces(operation, length, Math.max(context.unit, 16), random) : readAll(operation, length);
    },
  );
  if (!pieces.equals(ciphertext)) fail(`MSG_MORE pieces differ from one sendmsg (${describe()})`);

  const expected = context.reference?.encrypt(key, iv, plaintext);
  if (expected !== undefined && !expected.equals(ciphertext)) {
    fail(`kernel ciphertext differs from node:crypto (${describe()}): kernel ${hex(ciphertext)} node ${hex(expected)}`);
  }

  const decrypted = withOperation(
    () => transform.accept(),
    (operation: Operation) => {
      sendWhole(operation, ciphertext, { op: 'decrypt', ...start });
      return readAll(operation, length);
    },
  );
  if (!decrypted.equals(plaintext)) fail(`decryption does not give the plaintext back (${describe()})`);

  if (context.ivSize > 0) {
    const wrongIv = random.bytes(context.ivSize + random.pick([-1, 1, 8]));
    const error = failureCode(() =>
      withOperation(
        () => transform.accept(),
        (operation) => {
          sendWhole(operation, plaintext, { op: 'encrypt', iv: wrongIv });
          readAll(operation, length);
        },
      ),
    );
    if (error === undefined) fail(`a ${wrongIv.length}-byte IV was accepted (IV size ${context.ivSize})`);
  }

  if (context.needsWholeBlocks) {
    const ragged = random.bytes(length + random.int(1, context.unit - 1));
    const error = failureCode(() =>
      withOperation(
        () => transform.accept(),
        (operation) => {
          sendWhole(operation, ragged, { op: 'encrypt', ...start });
          readAll(operation, ragged.length);
        },
      ),
    );
    if (error === undefined) fail(`${ragged.length} bytes (not whole ${context.unit}-byte blocks) were accepted`);
  }

  if (random.chance(0.05)) {
    const keyless = Transform.open('skcipher', context.name);
    try {
      // accept() succeeds without a key (AF_ALG's "nokey" sockets); the request must not.
      const error = failureCode(() =>
        withOperation(
          () => keyless.accept(),
          (operation) => {
            sendWhole(operation, plaintext, { op: 'encrypt', ...start });
            readAll(operation, length);
          },
        ),
      );
      if (error !== 'ENOKEY') fail(`a request without a key gave ${error ?? 'success'} instead of ENOKEY`);
    } finally {
      keyless.close();
    }
  }
}
