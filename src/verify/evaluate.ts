/** Runs one test case on a backend and judges the answer against the file's. */
import { authFailure, SkipCase, type CryptoBackend } from './backend.js';
import type { AeadCase, VectorCase } from './cases.js';
import { counterKdf, monteCheckpoint } from './chained-digests.js';

export type CaseOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'skip'; readonly reason: string }
  | {
      readonly status: 'fail';
      readonly reason: string;
      /** Hex of the expected and the actual output, when there is an output to compare. */
      readonly expected?: string;
      readonly actual?: string;
    };

export async function evaluateCase(vectorCase: VectorCase, backend: CryptoBackend): Promise<CaseOutcome> {
  try {
    return await judge(vectorCase, backend);
  } catch (error) {
    if (error instanceof SkipCase) return { status: 'skip', reason: error.reason };
    return { status: 'fail', reason: describeError(error) };
  }
}

async function judge(c: VectorCase, backend: CryptoBackend): Promise<CaseOutcome> {
  switch (c.kind) {
    case 'unrunnable':
      return { status: 'skip', reason: c.reason };
    case 'skcipher': {
      const actual = await backend.skcipher({
        algorithm: c.algorithm,
        encrypt: c.direction === 'encrypt',
        key: c.key,
        iv: c.iv,
        input: c.input,
      });
      return compare(c.expected, actual);
    }
    case 'aead':
      return judgeAead(c, backend);
    case 'digest':
      return withDigester(backend, c.algorithm, c.key, async (digest) => {
        const actual = await digest(c.message);
        if (actual.length < c.expected.length) return compare(c.expected, actual);
        return compare(c.expected, actual.subarray(0, c.expected.length));
      });
    case 'monte':
      return withDigester(backend, c.algorithm, null, async (digest) =>
        compare(c.expected, await monteCheckpoint(digest, c.seed, c.style)),
      );
    case 'kdf-counter':
      return withDigester(backend, c.algorithm, c.key, async (prf) => compare(c.expected, await counterKdf(prf, c)));
  }
}

async function judgeAead(c: AeadCase, backend: CryptoBackend): Promise<CaseOutcome> {
  const encrypt = c.direction === 'encrypt';
  const request = {
    algorithm: c.algorithm,
    encrypt,
    key: c.key,
    iv: c.iv,
    nonce: c.nonce,
    aad: c.aad,
    tagLength: c.tagLength,
  };
  if (encrypt) {
    const sealed = await backend.aead({ ...request, input: c.plaintext! });
    if (sealed === authFailure) return { status: 'fail', reason: 'encryption reported an authentication failure' };
    return compare(Buffer.concat([c.ciphertext, c.tag]), sealed);
  }
  const opened = await backend.aead({ ...request, input: Buffer.concat([c.ciphertext, c.tag]) });
  if (opened === authFailure) {
    return c.expectAuthFailure
      ? { status: 'pass' }
      : { status: 'fail', reason: 'tag rejected (EBADMSG) but the file expects it to verify' };
  }
  if (c.expectAuthFailure) {
    return { status: 'fail', reason: 'tag accepted but the file expects it to be rejected', actual: opened.toString('hex') };
  }
  return compare(c.plaintext!, opened);
}

async function withDigester(
  backend: CryptoBackend,
  algorithm: string,
  key: Buffer | null,
  run: (digest: (message: Buffer) => Promise<Buffer> | Buffer) => Promise<CaseOutcome>,
): Promise<CaseOutcome> {
  const digester = await backend.digester(algorithm, key);
  try {
    return await run((message) => digester.digest(message));
  } finally {
    digester.close();
  }
}

function compare(expected: Buffer, actual: Buffer): CaseOutcome {
  if (expected.equals(actual)) return { status: 'pass' };
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const reason =
    expected.length !== actual.length && at === Math.min(expected.length, actual.length)
      ? `output has ${actual.length} bytes, expected ${expected.length}`
      : `output differs from byte ${at}`;
  return { status: 'fail', reason, expected: expected.toString('hex'), actual: actual.toString('hex') };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
