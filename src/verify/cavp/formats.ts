import { basename } from 'node:path';
import { ccmMapper, gcmMapper, type CcmTest } from './map-aead.js';
import { blockCipherMapper, xtsMapper } from './map-cipher.js';
import { kbkdfCounterMapper, messageDigestMapper, monteMapper, nistHmacMapper } from './map-digest.js';
import { unrunnableFile, type FileContext, type RecordMapper } from './mapper.js';

/** A recognised vector file: what it holds and how its records become cases. */
export interface VectorFormat {
  /** Human description, e.g. "AES CBC MMT". */
  readonly description: string;
  /** False for files a directory scan leaves out (duplicates of an .rsp, e.g. DVPT*.txt). */
  readonly inDirectoryScan: boolean;
  /** Monte Carlo files: 1000 chained operations per record, left out of directory scans unless asked for. */
  readonly monteCarlo?: boolean;
  readonly createMapper: (file: FileContext) => RecordMapper;
}

interface FormatRule {
  readonly pattern: RegExp;
  readonly format: (match: RegExpMatchArray) => VectorFormat;
}

const aesModes: Record<string, { algorithm: string } | { reason: string }> = {
  CBC: { algorithm: 'cbc(aes)' },
  ECB: { algorithm: 'ecb(aes)' },
  OFB: { algorithm: 'ofb(aes)' },
  CFB128: { algorithm: 'cfb(aes)' },
  CFB8: { reason: 'the kernel has no CFB with 8-bit segments' },
  CFB1: { reason: 'the kernel has no CFB with 1-bit segments' },
};

const tdesModes: Record<string, { algorithm: string } | { reason: string }> = {
  CBC: { algorithm: 'cbc(des3_ede)' },
  ECB: { algorithm: 'ecb(des3_ede)' },
  OFB: { algorithm: 'ofb(des3_ede)' },
  CFB64: { algorithm: 'cfb(des3_ede)' },
  CFB8: { reason: 'the kernel has no CFB with 8-bit segments' },
  CFB1: { reason: 'the kernel has no CFB with 1-bit segments' },
  CBCI: { reason: 'the kernel has no interleaved TDES CBC (CBC-I)' },
  OFBI: { reason: 'the kernel has no interleaved TDES OFB (OFB-I)' },
  CFBP64: { reason: 'the kernel has no pipelined TDES CFB (CFB-P)' },
  CFBP8: { reason: 'the kernel has no pipelined TDES CFB (CFB-P)' },
  CFBP1: { reason: 'the kernel has no pipelined TDES CFB (CFB-P)' },
};

/** Linux crypto API names of the hashes CAVP files name (null: the kernel has none). */
const shaAlgorithms: Record<string, string | null> = {
  SHA1: 'sha1',
  SHA224: 'sha224',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
  SHA512_224: null,
  SHA512_256: null,
  SHA3_224: 'sha3-224',
  SHA3_256: 'sha3-256',
  SHA3_384: 'sha3-384',
  SHA3_512: 'sha3-512',
};

const rfcHmacHashes: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  ripemd160: 'rmd160',
};

function modeFormat(description: string, mode: { algorithm: string } | { reason: string }): VectorFormat {
  return {
    description,
    inDirectoryScan: true,
    createMapper: (file) =>
      'algorithm' in mode ? blockCipherMapper(file, mode.algorithm) : unrunnableFile(file, description, mode.reason),
  };
}

const rules: readonly FormatRule[] = [
  {
    pattern: /^(CBC|ECB|OFB|CFB128|CFB8|CFB1)(GFSbox|KeySbox|VarKey|VarTxt|MMT)(128|192|256)\.rsp$/i,
    format: (m) => modeFormat(`AES-${m[3]} ${m[1]} ${m[2]}`, aesModes[m[1]!.toUpperCase()]!),
  },
  {
    pattern: /^T(CBCI|OFBI|CFBP64|CFBP8|CFBP1|CBC|ECB|OFB|CFB64|CFB8|CFB1)(MMT[123]|invperm|permop|subtab|varkey|vartext)\.rsp$/i,
    format: (m) => modeFormat(`TDES ${m[1]} ${m[2]}`, tdesModes[m[1]!.toUpperCase()]!),
  },
  {
    pattern: /^aes-(128|192|256)-ctr\.txt$/i,
    format: (m) => modeFormat(`AES-${m[1]} CTR (RFC 3686)`, { algorithm: 'ctr(aes)' }),
  },
  {
    pattern: /^XTSGenAES(128|256)\.rsp$/i,
    format: (m) => ({ description: `XTS-AES-${m[1]}`, inDirectoryScan: true, createMapper: (file) => xtsMapper(file) }),
  },
  {
    pattern: /^gcmEncryptExtIV(128|192|256)\.rsp$/i,
    format: (m) => ({
      description: `AES-${m[1]} GCM encrypt`,
      inDirectoryScan: true,
      createMapper: (file) => gcmMapper(file, 'encrypt'),
    }),
  },
  {
    pattern: /^gcmDecrypt(128|192|256)\.rsp$/i,
    format: (m) => ({
      description: `AES-${m[1]} GCM decrypt`,
      inDirectoryScan: true,
      createMapper: (file) => gcmMapper(file, 'decrypt'),
    }),
  },
  {
    pattern: /^(VADT|VNT|VPT|VTT|DVPT)(128|192|256)\.(rsp|txt)$/i,
    format: (m) => ({
      description: `AES-${m[2]} CCM ${m[1]!.toUpperCase()}`,
      inDirectoryScan: m[3]!.toLowerCase() === 'rsp',
      createMapper: (file) => ccmMapper(file, m[1]!.toUpperCase() as CcmTest),
    }),
  },
  {
    pattern: /^(SHA1|SHA224|SHA256|SHA384|SHA512|SHA512_224|SHA512_256|SHA3_224|SHA3_256|SHA3_384|SHA3_512)(ShortMsg|LongMsg|Monte)\.rsp$/i,
    format: (m) => {
      const name = m[1]!.toUpperCase();
      const algorithm = shaAlgorithms[name];
      const description = `${name.replace('_', name.startsWith('SHA3_') ? '-' : '/')} ${m[2]}`;
      const monte = m[2]!.toLowerCase() === 'monte';
      return {
        description,
        inDirectoryScan: true,
        monteCarlo: monte,
        createMapper: (file) => {
          if (!algorithm) return unrunnableFile(file, name, `the Linux crypto API has no ${description.split(' ')[0]}`);
          if (!monte) return messageDigestMapper(file, algorithm, false);
          return monteMapper(file, algorithm, name.startsWith('SHA3_') ? 'sha3' : 'sha2');
        },
      };
    },
  },
  {
    pattern: /^SHAKE(128|256)(ShortMsg|LongMsg|Monte|VariableOut)\.rsp$/i,
    format: (m) => ({
      description: `SHAKE${m[1]} ${m[2]}`,
      inDirectoryScan: true,
      createMapper: (file) => unrunnableFile(file, `shake${m[1]}`, 'extendable-output functions have no AF_ALG hash interface'),
    }),
  },
  {
    pattern: /^HMAC\.rsp$/i,
    format: () => ({ description: 'HMAC (NIST)', inDirectoryScan: true, createMapper: (file) => nistHmacMapper(file) }),
  },
  {
    pattern: /^rfc-(?:2202|2286|4231)-(md5|sha1|sha224|sha256|sha384|sha512|ripemd160)\.txt$/i,
    format: (m) => {
      const hash = rfcHmacHashes[m[1]!.toLowerCase()]!;
      return {
        description: `HMAC-${m[1]!.toUpperCase()} (RFC)`,
        inDirectoryScan: true,
        createMapper: (file) => messageDigestMapper(file, `hmac(${hash})`, true),
      };
    },
  },
  {
    pattern: /^(?:nist-800-108-KBKDF-CTR\.txt|KDFCTR_gen\.rsp)$/i,
    format: () => ({
      description: 'SP 800-108 KDF counter mode',
      inDirectoryScan: true,
      createMapper: (file) => kbkdfCounterMapper(file),
    }),
  },
];

/** The format of a vector file by its (CAVP-standard) name, or null if not recognised. */
export function detectFormat(path: string): VectorFormat | null {
  const name = basename(path);
  for (const rule of rules) {
    const match = name.match(rule.pattern);
    if (match) return rule.format(match);
  }
  return null;
}
