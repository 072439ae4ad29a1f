/**
 * Algorithm names for the name fuzzer (`kcapi -h` without -x): mutations of real names,
 * templates nested wrongly, real names bound to the wrong socket type, and garbage; and the
 * oracle saying which of them must not allocate.
 */
import type { FuzzRandom } from './random.js';

export type SocketType = 'skcipher' | 'aead' | 'hash' | 'rng';
export const socketTypes: readonly SocketType[] = ['skcipher', 'aead', 'hash', 'rng'];

/** Real names by the socket type they bind to (present on Debian's kernels). */
export const realNames: Readonly<Record<SocketType, readonly string[]>> = {
  skcipher: ['cbc(aes)', 'ecb(aes)', 'ctr(aes)', 'xts(aes)', 'cts(cbc(aes))', 'cbc(des3_ede)', 'chacha20'],
  aead: ['gcm(aes)', 'ccm(aes)', 'rfc4106(gcm(aes))', 'authenc(hmac(sha256),cbc(aes))', 'rfc7539(chacha20,poly1305)'],
  hash: ['sha1', 'sha256', 'sha512', 'hmac(sha256)', 'cmac(aes)', 'sha3-256', 'crc32c'],
  rng: ['drbg_nopr_hmac_sha256', 'drbg_nopr_ctr_aes256', 'drbg_pr_sha256', 'stdrng'],
};

/**
 * Well-formed names that no kernel can instantiate: each template gets an argument of the
 * wrong kind (a hash where a block cipher belongs, a 64-bit block where 128 bits are
 * required, arguments swapped, a plain algorithm used as a template).
 */
export const wronglyNested: readonly string[] = [
  'hmac(aes)',
  'hmac(cbc(aes))',
  'cmac(sha256)',
  'gcm(sha256)',
  'gcm(des3_ede)',
  'ccm(des3_ede)',
  'cbc(sha256)',
  'ctr(sha1)',
  'xts(des3_ede)',
  'rfc4106(cbc(aes))',
  'rfc4106(ccm(aes))',
  'authenc(cbc(aes),hmac(sha256))',
  'sha256(aes)',
  'aes(cbc)',
  'cbc(gcm(aes))',
  'gcm(gcm(aes))',
  'hmac(hmac)',
  'rfc7539(poly1305,chacha20)',
];

const nameCharacters = 'abcdefghijklmnopqrstuvwxyz0123456789_-(),';
const garbageCharacters = `${nameCharacters}ABCXYZ !"#$%&'*+./:;<=>?@[\\]^\`{|}~\t\x01\x7f`;

/**
 * Whether the kernel's parser could take `name` as an algorithm name: identifiers of
 * [A-Za-z0-9_-], a template is IDENT(NAME[,NAME...]) with balanced parentheses, nothing
 * after the outermost ')'. Only a well-formed name can ever allocate.
 */
export function isWellFormed(name: string): boolean {
  let position = 0;
  const identifier = (): boolean => {
    const start = position;
    while (position < name.length && /[A-Za-z0-9_-]/.test(name[position]!)) position++;
    return position > start;
  };
  const algorithm = (depth: number): boolean => {
    if (depth > 32 || !identifier()) return false;
    if (name[position] !== '(') return true;
    position++;
    do {
      if (!algorithm(depth + 1)) return false;
    } while (name[position] === ',' && ++position);
    if (name[position] !== ')') return false;
    position++;
    return true;
  };
  return algorithm(0) && position === name.length;
}

export type NameKind = 'garbage' | 'mutation' | 'wrongly-nested' | 'wrong-type';

export interface FuzzName {
  name: string;
  kind: NameKind;
  /** Types it must not allocate as; empty when it might legitimately be a real algorithm. */
  mustFailAs: readonly SocketType[];
}

function allRealNames(): string[] {
  return socketTypes.flatMap((type) => [...realNames[type]]);
}

function mutate(random: FuzzRandom, name: string): string {
  let result = name;
  const edits = random.int(1, 4);
  for (let e = 0; e < edits; e++) {
    const at = random.int(0, result.length);
    switch (random.int(0, 4)) {
      case 0: // delete
        result = result.slice(0, at) + result.slice(at + 1);
        break;
      case 1: // insert
        result = result.slice(0, at) + random.pick([...nameCharacters]) + result.slice(at);
        break;
      case 2: // replace
        result = result.slice(0, at) + random.pick([...nameCharacters]) + result.slice(at + 1);
        break;
      case 3: // duplicate a piece
        result = result.slice(0, at) + result.slice(at, at + random.int(1, 6)) + result.slice(at);
        break;
      default: // unbalance parentheses
        result = random.chance(0.5) ? `${result})` : `(${result}`;
    }
  }
  return result;
}

function garbage(random: FuzzRandom): string {
  const length = random.int(0, maxFuzzNameLength);
  let text = '';
  for (let i = 0; i < length; i++) text += random.pick([...garbageCharacters]);
  return text;
}

/**
 * What the kernel compares: the name up to its first NUL byte. (Kernels before 4.12 also cut
 * it at 63 bytes; generated names stay within 63.)
 */
export function kernelView(name: string): string {
  return name.split('\0')[0]!;
}

export const maxFuzzNameLength = 63;

export function randomFuzzName(random: FuzzRandom): FuzzName {
  switch (random.int(0, 3)) {
    case 0: {
      const name = garbage(random);
      return { name, kind: 'garbage', mustFailAs: isWellFormed(kernelView(name)) ? [] : socketTypes };
    }
    case 1: {
      const name = mutate(random, random.pick(allRealNames())).slice(0, maxFuzzNameLength);
      return { name, kind: 'mutation', mustFailAs: isWellFormed(kernelView(name)) ? [] : socketTypes };
    }
    case 2:
      return { name: random.pick(wronglyNested), kind: 'wrongly-nested', mustFailAs: socketTypes };
    default: {
      const owner = random.pick(socketTypes);
      const name = random.pick(realNames[owner]);
      return { name, kind: 'wrong-type', mustFailAs: socketTypes.filter((type) => type !== owner) };
    }
  }
}
