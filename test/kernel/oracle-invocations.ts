import { FuzzRandom } from '../../src/ops/fuzz/random.js';

/**
 * Random valid invocations of libkcapi's kcapi for the oracle test: every operation type
 * kcapi and the reference share (-x 1 2 3 5 6 7 8 9 10 12) with the flags scripts use
 * (-s -v -m -g -d -u -b -a -l -t -n). Valid means: sizes the algorithm takes, and nothing
 * the reference hangs on (-s with a last partial block, docs/reference-cli.md §10).
 * A decryption needs a ciphertext: `encryptFirst` asks the caller to run the encryption with
 * the reference and hand the result to `decryption`.
 */

export const oracleTypes = [1, 2, 3, 5, 6, 7, 8, 9, 10, 12] as const;
export type OracleType = (typeof oracleTypes)[number];

export interface Invocation {
  readonly type: OracleType;
  readonly args: string[];
  /** AEAD decryption: run `args` (an encryption) first, then `decryption(its stdout)`. */
  readonly decryption?: (encrypted: string) => string[];
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const skciphers = [
  { name: 'cbc(aes)', keys: [16, 24, 32], iv: 16, stream: false },
  { name: 'ecb(aes)', keys: [16, 24, 32], iv: 0, stream: false },
  { name: 'ctr(aes)', keys: [16, 24, 32], iv: 16, stream: true },
  { name: 'xts(aes)', keys: [32, 64], iv: 16, stream: false },
  { name: 'cfb(aes)', keys: [16, 32], iv: 16, stream: true },
  { name: 'ofb(aes)', keys: [16, 32], iv: 16, stream: true },
  { name: 'cbc(des3_ede)', keys: [24], iv: 8, stream: false },
] as const;

const aeads = [
  { name: 'gcm(aes)', keys: [16, 24, 32], salt: 0, iv: [12], tags: [4, 8, 12, 13, 14, 15, 16], ccm: false },
  { name: 'ccm(aes)', keys: [16, 24, 32], salt: 0, iv: [16], tags: [4, 6, 8, 10, 12, 14, 16], ccm: true },
  { name: 'rfc4106(gcm(aes))', keys: [16, 32], salt: 4, iv: [8], tags: [8, 12, 16], ccm: false },
  { name: 'rfc4309(ccm(aes))', keys: [16, 32], salt: 3, iv: [8], tags: [8, 12, 16], ccm: false },
] as const;

const hashes = [
  { name: 'sha1', size: 20, keyed: false },
  { name: 'sha256', size: 32, keyed: false },
  { name: 'sha512', size: 64, keyed: false },
  { name: 'hmac(sha1)', size: 20, keyed: true },
  { name: 'hmac(sha256)', size: 32, keyed: true },
  { name: 'hmac(sha512)', size: 64, keyed: true },
  { name: 'cmac(aes)', size: 16, keyed: true },
] as const;

const macs = ['hmac(sha1)', 'hmac(sha256)', 'hmac(sha512)'] as const;

export class InvocationGenerator {
  constructor(private readonly random: FuzzRandom) {}

  next(type: OracleType): Invocation {
    switch (type) {
      case 1:
      case 9:
        return this.skcipher(type);
      case 2:
      case 10:
        return this.aead(type);
      case 3:
        return this.hash();
      case 8:
        return this.pbkdf2();
      case 12:
        return this.hkdf();
      default:
        return this.sp800108(type);
    }
  }

  private flags(allowed: string): string[] {
    return [...allowed].filter(() => this.random.chance(0.3)).map((flag) => `-${flag}`);
  }

  private loops(max: number): string[] {
    return this.random.chance(0.5) ? [] : ['-d', String(this.random.int(1, max))];
  }

  private length(multipleOf: number, max: number, min = 0): number {
    const units = this.random.int(Math.ceil(min / multipleOf), Math.floor(max / multipleOf));
    return units * multipleOf;
  }

  private skcipher(type: 1 | 9): Invocation {
    const r = this.random;
    const cipher = r.pick(skciphers);
    let key = r.bytes(r.pick(cipher.keys));
    if (cipher.name === 'xts(aes)' && key.subarray(0, key.length / 2).equals(key.subarray(key.length / 2))) key = r.bytes(key.length);
    const block = cipher.name.includes('des3') ? 8 : 16;
    const streamFlag = type === 1 && r.chance(0.3);
    const partial = !streamFlag && (cipher.stream || cipher.name === 'xts(aes)') && r.chance(0.5);
    const size = r.chance(0.1)
      ? this.length(block, 4096, block)
      : partial
        ? this.length(1, 200, cipher.name === 'xts(aes)' ? 16 : 1)
        : this.length(block, 160, block);
    const data = r.bytes(size);
    const encrypt = r.chance(0.5);
    const args = ['-x', String(type), ...(encrypt ? ['-e'] : []), '-c', cipher.name, '-k', hex(key)];
    if (cipher.iv > 0) args.push('-i', hex(r.bytes(cipher.iv)));
    args.push(encrypt ? '-p' : '-q', hex(data));
    args.push(...(streamFlag ? ['-s'] : []), ...this.flags(type === 9 ? 'vmg' : 'vm'), ...this.loops(type === 9 ? 6 : 3));
    return { type, args };
  }

  private aead(type: 2 | 10): Invocation {
    const r = this.random;
    const aead = r.pick(aeads);
    const key = hex(r.bytes(r.pick(aead.keys) + aead.salt));
    const tagLength = r.pick(aead.tags);
    const nonce = aead.ccm && r.chance(0.5) ? ['-n', hex(r.bytes(r.int(7, 13)))] : undefined;
    const iv = nonce ?? ['-i', hex(aead.ccm ? Buffer.concat([Buffer.from([r.int(1, 7)]), r.bytes(15)]) : r.bytes(r.pick(aead.iv)))];
    // rfc4106/rfc4309 take 16 or 20 bytes of AAD (RFC 4106 §5, with the IV's copy at its end),
    // else the request fails with EINVAL: mostly those, sometimes not.
    const assocLength = aead.salt > 0 && r.chance(0.85) ? r.pick([16, 20]) : r.chance(0.2) ? 0 : r.int(1, 40);
    const assoc = r.bytes(assocLength);
    const plain = r.bytes(r.chance(0.1) ? r.int(0, 2048) : r.int(0, 80));
    const common = ['-x', String(type), '-c', aead.name, '-k', key, ...iv, '-a', hex(assoc)];
    const flags = [...this.flags(type === 10 ? 'vmgu' : r.chance(0.3) ? 'svmu' : 'vmu'), ...this.loops(type === 10 ? 5 : 3)];
    const encryption = [...common.slice(0, 2), '-e', ...common.slice(2), '-p', hex(plain), '-l', String(tagLength)];
    if (r.chance(0.5)) return { type, args: [...encryption, ...flags] };
    const tamper = r.chance(0.3);
    const flip = r.int(0, 8 * (plain.length + tagLength) - 1);
    const withTagLength = r.chance(0.5);
    return {
      type,
      // The reference encrypts once; its result, perhaps with one bit flipped, is decrypted.
      args: [...common.slice(0, 2), '-e', ...common.slice(2), '-p', hex(plain), '-l', String(tagLength)],
      decryption: (encrypted: string) => {
        const bytes = Buffer.from(encrypted.trim().split('\n')[0] ?? '', 'hex');
        if (bytes.length !== plain.length + tagLength) return [...encryption, ...flags];
        if (tamper) bytes[flip >> 3]! ^= 1 << (flip & 7);
        const ciphertext = bytes.subarray(0, plain.length);
        const tag = bytes.subarray(plain.length);
        return [...common, '-q', hex(ciphertext), '-t', hex(tag), ...(withTagLength ? ['-l', String(tagLength)] : []), ...flags];
      },
    };
  }

  private hash(): Invocation {
    const r = this.random;
    const hash = r.pick(hashes);
    const args = ['-x', '3', '-c', hash.name, '-p', hex(r.bytes(r.chance(0.1) ? r.int(0, 4096) : r.int(0, 200)))];
    if (hash.keyed) args.push('-k', hex(r.bytes(hash.name === 'cmac(aes)' ? r.pick([16, 24, 32]) : r.int(1, 80))));
    if (r.chance(0.3)) args.push('-b', String(r.int(1, hash.size)));
    return { type: 3, args: [...args, ...this.flags('svm'), ...this.loops(3)] };
  }

  private sp800108(type: 5 | 6 | 7): Invocation {
    const r = this.random;
    const args = [
      '-x',
      String(type),
      '-c',
      r.pick(macs),
      '-k',
      hex(r.bytes(r.int(1, 64))),
      '-p',
      hex(r.bytes(r.int(type === 6 ? 64 : 1, 96))),
    ];
    return { type, args: [...args, '-b', String(r.int(1, 160)), ...this.loops(2)] };
  }

  private pbkdf2(): Invocation {
    const r = this.random;
    const args = ['-x', '8', '-c', r.pick(macs), '-p', hex(r.bytes(r.int(1, 40))), '-k', hex(r.bytes(r.int(1, 32)))];
    return { type: 8, args: [...args, '-d', String(r.int(1, 64)), '-b', String(r.int(1, 100))] };
  }

  private hkdf(): Invocation {
    const r = this.random;
    const args = ['-x', '12', '-c', r.pick(macs), '-k', hex(r.bytes(r.int(1, 64))), '-p', hex(r.bytes(r.int(0, 64)))];
    if (r.chance(0.7)) args.push('-i', hex(r.bytes(r.int(1, 64))));
    return { type: 12, args: [...args, '-b', String(r.int(1, 200))] };
  }
}
