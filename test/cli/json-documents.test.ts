/**
 * The --json success document of every type that has one, on a kernel: it conforms to its
 * schema (validateDocument, the table docs/json.md is generated from), its `lines` are the
 * plain run's stdout lines (less the -f duration line), its status the plain run's, and the
 * plain run printed the software reference's (or a published vector's) result.
 */
import { describe, expect, it } from 'vitest';
import { schemaById, validateDocument } from '../../src/cli/json-schemas.js';
import { cipherChain, hash, hmac, nodeCipherName, sealAead, skcipher } from '../../src/software/index.js';
import {
  hkdfRfc5869Vectors,
  kbkdfCounterVectors,
  kbkdfDoublePipelineVectors,
  kbkdfFeedbackVectors,
  pbkdf2Rfc6070Argv,
  pbkdf2Rfc6070Vectors,
} from '../helpers/kdf-vectors.js';
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { hex, kernelHasAfAlg, requireKernelInCi, runInProcess } from './helpers.js';

const resultSchema = schemaById('kcapi-result/1');
const durationLine = /^duration \d+$/;
/** The types -f times (the others ignore it, as the reference does). */
const timedTypes = new Set(['1', '2', '9', '10']);

interface RunDocument {
  readonly mode: string;
  readonly path: string;
  readonly requests: number;
  readonly handles: number;
  readonly output: string;
  readonly check: { readonly passed: boolean } | null;
}

interface ResultDocument {
  readonly operation: string | null;
  readonly type: number | null;
  readonly algorithm: string | null;
  readonly status: number;
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly durationNs: number | null;
  readonly run: RunDocument | null;
  readonly error: unknown;
}

const splitLines = (stdout: string): string[] => (stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n'));

/**
 * Runs `args` plain and with --json: the plain run prints `expected` with status 0, and the
 * document says the same. Returns the document for the checks of its type.
 */
async function expectDocument(args: readonly string[], expected: readonly string[]): Promise<ResultDocument> {
  const plain = await runInProcess(args);
  const plainLines = splitLines(plain.stdout);
  const type = args[args.indexOf('-x') + 1]!;
  const timed = args.includes('-f') && timedTypes.has(type);
  expect({ status: plain.status, lines: plainLines.filter((line) => !timed || !durationLine.test(line)) }, args.join(' ')).toEqual({
    status: 0,
    lines: expected,
  });

  const json = await runInProcess([...args, '--json']);
  expect(json.status, args.join(' ')).toBe(plain.status);
  const documentLines = splitLines(json.stdout);
  expect(documentLines, 'one document line').toHaveLength(1);
  const document = JSON.parse(documentLines[0]!) as ResultDocument;
  expect(validateDocument(resultSchema, document), args.join(' ')).toEqual([]);

  expect(document).toMatchObject({
    operation: type,
    type: Number(type),
    algorithm: args[args.indexOf('-c') + 1],
    status: plain.status,
    ok: true,
    lines: plainLines.filter((line) => !timed || !durationLine.test(line)),
    error: null,
  });
  expect(
    plainLines.filter((line) => durationLine.test(line)),
    'the -f line',
  ).toHaveLength(timed ? 1 : 0);
  if (timed) expect(document.durationNs).toBeGreaterThan(0);
  else expect(document.durationNs).toBeNull();
  if (type === '9' || type === '10') {
    expect(document.run).not.toBeNull();
    expect(document.run!.output).toBe(document.lines[0]);
  } else {
    expect(document.run).toBeNull();
  }
  return document;
}

/** Whether this test runs on AF_ALG (a CI run without it fails here; elsewhere the last test covers it). */
function onKernel(): boolean {
  requireKernelInCi();
  return kernelHasAfAlg;
}

const cbcKey = (): Buffer => randomBytes([16, 24, 32][randomInt(3)]!);

describe('--json success documents against the plain runs', () => {
  it('-x 1 (skcipher), encryption and decryption, with and without -f', async () => {
    if (!onKernel()) return;
    const key = cbcKey();
    const iv = randomBytes(16);
    const plain = randomBytes(16 * randomInt(1, 9));
    const sealed = skcipher('cbc(aes)', 'encrypt', key, iv, plain);
    const common = ['-x', '1', '-c', 'cbc(aes)', '-k', hex(key), '-i', hex(iv)];
    await expectDocument([...common, '-e', '-p', hex(plain)], [hex(sealed)]);
    await expectDocument([...common, '-q', hex(sealed), '-f'], [hex(plain)]);
  });

  it('-x 2 (AEAD), encryption with -f and decryption', async () => {
    if (!onKernel()) return;
    const key = cbcKey();
    const nonce = randomBytes(12);
    const aad = randomBytes(randomInt(0, 33));
    const plain = randomBytes(randomInt(1, 100));
    const tagLength = [16, 12, 8][randomInt(3)]!;
    const sealed = sealAead(nodeCipherName('gcm(aes)', key.length)!, key, nonce, aad, plain, tagLength);
    const common = ['-x', '2', '-c', 'gcm(aes)', '-k', hex(key), '-i', hex(nonce), '-a', hex(aad)];
    await expectDocument([...common, '-e', '-p', hex(plain), '-l', String(tagLength), '-f'], [hex(sealed)]);
    const body = sealed.subarray(0, plain.length);
    await expectDocument([...common, '-q', hex(body), '-t', hex(sealed.subarray(plain.length))], [hex(plain)]);
  });

  it('-x 3 (hash and HMAC)', async () => {
    if (!onKernel()) return;
    const message = randomBytes(randomInt(0, 300));
    await expectDocument(['-x', '3', '-c', 'sha256', '-p', hex(message)], [hex(hash('sha256', message))]);
    const key = randomBytes(randomInt(1, 100));
    await expectDocument(['-x', '3', '-c', 'hmac(sha512)', '-k', hex(key), '-p', hex(message), '-f'], [hex(hmac('sha512', key, message))]);
  });

  it('-x 5, 6, 7 (SP 800-108 counter, feedback, double pipeline)', async () => {
    if (!onKernel()) return;
    const counter = kbkdfCounterVectors().find((v) => v.kernelPrf === 'hmac(sha256)')!;
    const cases = [
      ['5', counter],
      ['6', kbkdfFeedbackVectors[0]!],
      ['7', kbkdfDoublePipelineVectors[0]!],
    ] as const;
    for (const [type, v] of cases) {
      await expectDocument(
        ['-x', type, '-c', v.kernelPrf, '-k', hex(v.keyIn), '-p', hex(v.fixedInput), '-b', String(v.expected.length)],
        [hex(v.expected)],
      );
    }
  });

  it('-x 8 (PBKDF2, RFC 6070)', async () => {
    if (!onKernel()) return;
    const v = pbkdf2Rfc6070Vectors(4096).at(-1)!;
    await expectDocument(pbkdf2Rfc6070Argv(v), [hex(v.expected)]);
  });

  it('-x 12 (HKDF, RFC 5869)', async () => {
    if (!onKernel()) return;
    const v = hkdfRfc5869Vectors()[0]!;
    await expectDocument(
      ['-x', '12', '-c', v.kernelPrf, '-k', hex(v.ikm), '-i', hex(v.salt), '-p', hex(v.info), '-b', String(v.length)],
      [hex(v.expected)],
    );
  });

  it('-x 9 (skcipher requests): chained, inline-iv, --check, --verbose, -f, -g', async () => {
    if (!onKernel()) return;
    const key = cbcKey();
    const iv = randomBytes(16);
    const block = randomBytes(16 * randomInt(1, 5));
    const requests = randomInt(2, 6);
    const nodeCipher = nodeCipherName('cbc(aes)', key.length)!;
    const chain = cipherChain(nodeCipher, key, iv);
    const chained = hex(Buffer.concat(Array.from({ length: requests }, () => chain.update(block))));
    const independent = hex(skcipher('cbc(aes)', 'encrypt', key, iv, block)).repeat(requests);
    const common = ['-x', '9', '-e', '-c', 'cbc(aes)', '-k', hex(key), '-i', hex(iv), '-p', hex(block), '-d', String(requests)];

    const plainRun = await expectDocument(common, [chained]);
    expect(plainRun.run).toMatchObject({ mode: 'chained', requests, handles: 1, check: null });
    const checked = await expectDocument([...common, '--check', '--verbose', '-f'], [chained]);
    expect(checked.run).toMatchObject({ mode: 'chained', check: { passed: true } });
    const inline = await expectDocument([...common, '--mode', 'inline-iv', '--check'], [independent]);
    expect(inline.run).toMatchObject({ mode: 'inline-iv', requests, check: { passed: true } });
    const fallback = await expectDocument([...common, '-g'], [chained]);
    expect(fallback.run).toMatchObject({ mode: 'chained', path: 'fallback' });
  });

  it('-x 10 (AEAD requests): with and without --check, --verbose', async () => {
    if (!onKernel()) return;
    const key = cbcKey();
    const nonce = randomBytes(12);
    const aad = randomBytes(randomInt(0, 33));
    const plain = randomBytes(randomInt(1, 64));
    const requests = randomInt(2, 5);
    const sealed = hex(sealAead(nodeCipherName('gcm(aes)', key.length)!, key, nonce, aad, plain, 16));
    const common = [
      '-x',
      '10',
      '-e',
      '-c',
      'gcm(aes)',
      '-k',
      hex(key),
      '-i',
      hex(nonce),
      '-a',
      hex(aad),
      '-l',
      '16',
      '-p',
      hex(plain),
      '-d',
      String(requests),
    ];
    const unchecked = await expectDocument(common, [sealed.repeat(requests)]);
    expect(unchecked.run).toMatchObject({ requests, check: null });
    const checked = await expectDocument([...common, '--check', '--verbose', '-f'], [sealed.repeat(requests)]);
    expect(checked.run).toMatchObject({ requests, check: { passed: true } });
  });

  it("without AF_ALG (outside CI): the document says unsupported, status 3, with the plain run's lines", async () => {
    if (onKernel()) return;
    const args = ['-x', '3', '-c', 'sha256', '-p', '00'];
    const plain = await runInProcess(args);
    const document = JSON.parse((await runInProcess([...args, '--json'])).stdout) as ResultDocument & { error: { kind: string } };
    expect(validateDocument(resultSchema, document)).toEqual([]);
    expect(document).toMatchObject({ status: 3, ok: false, lines: splitLines(plain.stdout), error: { kind: 'unsupported' } });
    expect(plain.status).toBe(3);
  });
});
