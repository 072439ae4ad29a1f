/**
 * Published KDF known answers, read from Debian's python3-cryptography-vectors (NIST CAVP
 * SP 800-108 counter mode, RFC 5869, RFC 6070) or quoted below from their publications.
 * Shared by the unit, kernel and CLI KDF suites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCavpRoot } from './cavp-dir.js';

function readVectorFile(relative: string): string {
  return readFileSync(join(requireCavpRoot(), relative), 'latin1');
}

/**
 * Splits a vector file into records: each starts at a COUNT line and carries the
 * "[NAME=value]" section headers in force, as "[NAME]" fields.
 */
function parseRecords(text: string): Array<Record<string, string>> {
  const records: Array<Record<string, string>> = [];
  const sections: Record<string, string> = {};
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[(\w+)=(\w+)\]$/.exec(line);
    if (section) {
      sections[`[${section[1]!}]`] = section[2]!;
      current = undefined;
      continue;
    }
    const field = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!field) continue;
    if (field[1] === 'COUNT') {
      current = { ...sections };
      records.push(current);
    }
    if (current) current[field[1]!] = field[2]!;
  }
  return records;
}

export interface KbkdfVector {
  name: string;
  /** Kernel PRF name: hmac(sha256), cmac(aes), … */
  kernelPrf: string;
  /** node:crypto hash for HMAC PRFs; undefined for CMAC. */
  hmacHash?: string;
  keyIn: Buffer;
  fixedInput: Buffer;
  expected: Buffer;
}

const prfNames: Record<string, { kernelPrf: string; hmacHash?: string }> = {
  HMAC_SHA1: { kernelPrf: 'hmac(sha1)', hmacHash: 'sha1' },
  HMAC_SHA224: { kernelPrf: 'hmac(sha224)', hmacHash: 'sha224' },
  HMAC_SHA256: { kernelPrf: 'hmac(sha256)', hmacHash: 'sha256' },
  HMAC_SHA384: { kernelPrf: 'hmac(sha384)', hmacHash: 'sha384' },
  HMAC_SHA512: { kernelPrf: 'hmac(sha512)', hmacHash: 'sha512' },
  CMAC_AES128: { kernelPrf: 'cmac(aes)' },
  CMAC_AES192: { kernelPrf: 'cmac(aes)' },
  CMAC_AES256: { kernelPrf: 'cmac(aes)' },
  CMAC_TDES2: { kernelPrf: 'cmac(des3_ede)' },
  CMAC_TDES3: { kernelPrf: 'cmac(des3_ede)' },
};

/**
 * NIST CAVP SP 800-108 counter mode (CAVS 14.4), the profile libkcapi implements:
 * counter before the fixed input, 32-bit counter. TDES CMAC sections are left out
 * (two-key TDES is not a kernel des3_ede key).
 */
export function kbkdfCounterVectors(): KbkdfVector[] {
  const vectors: KbkdfVector[] = [];
  for (const record of parseRecords(readVectorFile('KDF/nist-800-108-KBKDF-CTR.txt'))) {
    const prf = record['[PRF]'] ?? '';
    const location = record['[CTRLOCATION]'];
    const rlen = record['[RLEN]'];
    if (location !== 'BEFORE_FIXED' || rlen !== '32_BITS' || prf.startsWith('CMAC_TDES')) continue;
    const names = prfNames[prf];
    if (!names) throw new Error(`unknown PRF ${prf} in the KBKDF vectors`);
    const bits = Number(record['L']);
    if (bits % 8 !== 0) throw new Error(`KBKDF vector with L = ${bits} bits`);
    const expected = Buffer.from(record['KO']!, 'hex');
    if (expected.length * 8 !== bits) throw new Error(`KBKDF vector KO length does not match L = ${bits}`);
    vectors.push({
      name: `${prf} COUNT=${record['COUNT']}`,
      ...names,
      keyIn: Buffer.from(record['KI']!, 'hex'),
      fixedInput: Buffer.from(record['FixedInputData']!, 'hex'),
      expected,
    });
  }
  return vectors;
}

/**
 * NIST CAVP SP 800-108 feedback mode (FeedbackModeNOzeroiv, CTRLOCATION=AFTER_ITER,
 * RLEN=32_BITS) and double-pipeline mode (PipelineModewithCounter, AFTER_ITER, 32 bits):
 * the vectors libkcapi quotes in test/kcapi-main.c. Input for -x 6 is IV ‖ FixedInputData.
 */
export const kbkdfFeedbackVectors: KbkdfVector[] = [
  {
    name: 'FeedbackModeNOzeroiv HMAC_SHA256 COUNT=0',
    kernelPrf: 'hmac(sha256)',
    hmacHash: 'sha256',
    keyIn: Buffer.from('93f698e842eed75394d629d957e2e89c6e741f810b623c8b901e38376d068e7b', 'hex'),
    fixedInput: Buffer.from(
      '9f575d9059d3e0c0803f08112f8a806de3c3471912cdf42b095388b14b33508e' +
        '53b89c18690e2057a1d167822e636de50be0018532c431f7f5e37f77139220d5e042599ebe266af5767ee18cd2c5c19a1f0f80',
      'hex',
    ),
    expected: Buffer.from(
      'bd1476f43a4e315747cf5918e0ea5bc0d98769457477c3ab18b742def0e079a933b756365afb5541f253fee43c6fd788a44041038509e9eeb68f7d65ffbb5f95',
      'hex',
    ),
  },
];

export const kbkdfDoublePipelineVectors: KbkdfVector[] = [
  {
    name: 'PipelineModewithCounter HMAC_SHA256',
    kernelPrf: 'hmac(sha256)',
    hmacHash: 'sha256',
    keyIn: Buffer.from('02d36fa021c20ddbdee469f0579468bae5cb13b548b6c61cdf9d3ec419111de2', 'hex'),
    fixedInput: Buffer.from(
      '85abe38bf265fbdc6445ae5c71159f1548c73b7d526a623104904a0f8792070b3df9902b9669490425a385eadb0f9c76e46f0f',
      'hex',
    ),
    expected: Buffer.from(
      'd69f74f518c9f64f90a0beebab69f689b73b5c13eb0f860a95cad7d9814f8c506eb7b179a5c5b4466a9ec154c3bf1c13efd6ec0d82b02c29af2c690299edc453',
      'hex',
    ),
  },
];

export interface HkdfVector {
  name: string;
  hash: string;
  kernelPrf: string;
  ikm: Buffer;
  salt: Buffer;
  info: Buffer;
  length: number;
  prk: Buffer;
  expected: Buffer;
}

/** RFC 5869 appendix A, all seven cases (SHA-256 and SHA-1). */
export function hkdfRfc5869Vectors(): HkdfVector[] {
  const vectors: HkdfVector[] = [];
  for (const file of ['KDF/rfc-5869-HKDF-SHA256.txt', 'KDF/rfc-5869-HKDF-SHA1.txt']) {
    for (const record of parseRecords(readVectorFile(file))) {
      if (record['Hash'] === undefined) continue;
      const hash = record['Hash'].replace('-', '').toLowerCase();
      vectors.push({
        name: `RFC 5869 case ${record['COUNT'] ?? '?'} (${record['Hash']})`,
        hash,
        kernelPrf: `hmac(${hash})`,
        ikm: Buffer.from(record['IKM']!, 'hex'),
        salt: Buffer.from(record['salt'] ?? '', 'hex'),
        info: Buffer.from(record['info'] ?? '', 'hex'),
        length: Number(record['L']),
        prk: Buffer.from(record['PRK']!, 'hex'),
        expected: Buffer.from(record['OKM']!, 'hex'),
      });
    }
  }
  return vectors;
}

export interface Pbkdf2Vector {
  name: string;
  hash: string;
  kernelPrf: string;
  password: Buffer;
  salt: Buffer;
  iterations: number;
  expected: Buffer;
}

/** Vector files spell NUL bytes as "\0". */
function unescapeText(text: string): Buffer {
  return Buffer.from(text.replace(/\\0/g, '\0'), 'latin1');
}

/** RFC 6070 (PBKDF2-HMAC-SHA1), every case at most `maxIterations` iterations. */
/** The kcapi command line (-x 8, PBKDF2 over the kernel's hmac(sha1)) that computes an RFC 6070 vector. */
export function pbkdf2Rfc6070Argv(v: Pbkdf2Vector): string[] {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  return [
    '-x',
    '8',
    '-c',
    'hmac(sha1)',
    '-p',
    hex(v.password),
    '-k',
    hex(v.salt),
    '-d',
    String(v.iterations),
    '-b',
    String(v.expected.length),
  ];
}

export function pbkdf2Rfc6070Vectors(maxIterations = Number.POSITIVE_INFINITY): Pbkdf2Vector[] {
  return parseRecords(readVectorFile('KDF/rfc-6070-PBKDF2-SHA1.txt'))
    .filter((record) => record['PASSWORD'] !== undefined)
    .map((record) => ({
      name: `RFC 6070 COUNT=${record['COUNT']} (c=${record['ITERATIONS']})`,
      hash: 'sha1',
      kernelPrf: 'hmac(sha1)',
      password: unescapeText(record['PASSWORD']!),
      salt: unescapeText(record['SALT']!),
      iterations: Number(record['ITERATIONS']),
      expected: Buffer.from(record['DERIVED_KEY']!, 'hex'),
    }))
    .filter((vector) => vector.iterations <= maxIterations);
}

/**
 * Published PBKDF2-HMAC-SHA256 answers: RFC 7914 §11 and the vectors of the RFC 6070
 * inputs for SHA-256 published with Stack Overflow question 5130513 (also confirmed by
 * several independent implementations).
 */
export const pbkdf2Sha256Vectors: Pbkdf2Vector[] = [
  [
    'RFC 7914 §11 c=1',
    'passwd',
    'salt',
    1,
    '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
  ],
  [
    'RFC 7914 §11 c=80000',
    'Password',
    'NaCl',
    80000,
    '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d',
  ],
  ['SO 5130513 c=1', 'password', 'salt', 1, '120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b'],
  ['SO 5130513 c=2', 'password', 'salt', 2, 'ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43'],
  ['SO 5130513 c=4096', 'password', 'salt', 4096, 'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a'],
  [
    'SO 5130513 long inputs',
    'passwordPASSWORDpassword',
    'saltSALTsaltSALTsaltSALTsaltSALTsalt',
    4096,
    '348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9',
  ],
  ['SO 5130513 NUL bytes', 'pass\\0word', 'sa\\0lt', 4096, '89b69d0516f829893c696226650a8687'],
].map(([name, password, salt, iterations, expected]) => ({
  name: `PBKDF2-HMAC-SHA256 ${name as string}`,
  hash: 'sha256',
  kernelPrf: 'hmac(sha256)',
  password: unescapeText(password as string),
  salt: unescapeText(salt as string),
  iterations: iterations as number,
  expected: Buffer.from(expected as string, 'hex'),
}));
