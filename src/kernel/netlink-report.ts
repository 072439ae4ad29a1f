import { endianness } from 'node:os';

import type { RawCryptoReport } from '../native.js';
import { emptyAlgorithmInfo, type AlgorithmInfo } from './algorithm-info.js';

/** CRYPTO_ALG_* flags of struct crypto_user_alg.cru_flags (include/linux/crypto.h). */
export const CryptoAlgFlag = {
  larval: 0x10,
  async: 0x80,
  tested: 0x400,
  internal: 0x2000,
} as const;

/** enum crypto_attr_type_t (include/uapi/linux/cryptouser.h). */
const Attribute = {
  priority: 1,
  larval: 2,
  hash: 3,
  blkcipher: 4,
  aead: 5,
  compress: 6,
  rng: 7,
  cipher: 8,
  akcipher: 9,
  kpp: 10,
  acomp: 11,
} as const;

const NAME_SIZE = 64; // CRYPTO_MAX_NAME
const ALGORITHM_SIZE = 3 * NAME_SIZE + 4 * 4; // struct crypto_user_alg

/** Reads the kernel's structs in host byte order with bounds checks. */
class StructReader {
  readonly #view: DataView;
  readonly #littleEndian = endianness() === 'LE';

  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  string(offset: number, size = NAME_SIZE): string {
    const field = this.bytes.subarray(offset, Math.min(offset + size, this.bytes.length));
    const end = field.indexOf(0);
    return Buffer.from(field.subarray(0, end < 0 ? field.length : end)).toString('latin1');
  }

  u32(offset: number): number {
    return offset + 4 <= this.bytes.length ? this.#view.getUint32(offset, this.#littleEndian) : 0;
  }
}

/** Decodes one CRYPTO_MSG_GETALG reply (struct crypto_user_alg plus report attributes). */
export function decodeCryptoReport(raw: RawCryptoReport): AlgorithmInfo {
  if (raw.algorithm.length < ALGORITHM_SIZE) {
    throw new RangeError(`crypto_user_alg too short: ${raw.algorithm.length} bytes, expected ${ALGORITHM_SIZE}`);
  }
  const algorithm = new StructReader(raw.algorithm);
  const info = emptyAlgorithmInfo('netlink');
  info.name = algorithm.string(0);
  info.driver = algorithm.string(NAME_SIZE);
  info.module = algorithm.string(2 * NAME_SIZE);
  info.refcount = algorithm.u32(3 * NAME_SIZE + 8);
  const flags = algorithm.u32(3 * NAME_SIZE + 12);
  info.flags = flags;
  info.selftest = flags & CryptoAlgFlag.tested ? 'passed' : 'unknown';
  info.internal = (flags & CryptoAlgFlag.internal) !== 0;
  info.async = (flags & CryptoAlgFlag.async) !== 0;
  for (const attribute of raw.attributes) applyAttribute(info, attribute.type, new StructReader(attribute.data));
  return info;
}

function applyAttribute(info: AlgorithmInfo, type: number, report: StructReader): void {
  const after = NAME_SIZE; // every report starts with char type[CRYPTO_MAX_NAME]
  switch (type) {
    case Attribute.priority:
      info.priority = report.u32(0);
      return;
    case Attribute.hash:
      info.type = report.string(0);
      info.blockSize = report.u32(after);
      info.digestSize = report.u32(after + 4);
      return;
    case Attribute.blkcipher:
      info.type = report.string(0);
      info.geniv = report.string(after);
      info.blockSize = report.u32(2 * NAME_SIZE);
      info.minKeySize = report.u32(2 * NAME_SIZE + 4);
      info.maxKeySize = report.u32(2 * NAME_SIZE + 8);
      info.ivSize = report.u32(2 * NAME_SIZE + 12);
      return;
    case Attribute.aead:
      info.type = report.string(0);
      info.geniv = report.string(after);
      info.blockSize = report.u32(2 * NAME_SIZE);
      info.maxAuthSize = report.u32(2 * NAME_SIZE + 4);
      info.ivSize = report.u32(2 * NAME_SIZE + 8);
      return;
    case Attribute.rng:
      info.type = report.string(0);
      info.seedSize = report.u32(after);
      return;
    case Attribute.cipher:
      info.type = report.string(0);
      info.blockSize = report.u32(after);
      info.minKeySize = report.u32(after + 4);
      info.maxKeySize = report.u32(after + 8);
      return;
    case Attribute.larval:
    case Attribute.compress:
    case Attribute.akcipher:
    case Attribute.kpp:
    case Attribute.acomp:
      info.type = report.string(0);
      return;
    default:
      return; // statistics and attributes of newer kernels
  }
}
