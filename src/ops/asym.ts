/**
 * `-x 4, 11` (asymmetric ciphers) and `-x 13, 14` (key agreement): the reference drives
 * AF_ALG `akcipher` and `kpp` sockets, which exist only with libkcapi's out-of-tree kernel
 * patches. This probes the kernel for the socket type and says in one line what is missing
 * (exit status 3); stdout ends with the reference's `Failed to invoke testing`.
 */
import { UnsupportedError } from '../errors.js';
import { Transform } from '../kernel/index.js';
import { errorCode, noAfAlgMessage } from './failures.js';
import type { KcapiOptions } from './options.js';
import type { Output } from './output.js';

interface Family {
  socketType: 'akcipher' | 'kpp';
  what: string;
  /** Probed when -c is not given: always present where the socket type is. */
  defaultName: string;
}

const families: Readonly<Record<number, Family>> = {
  4: { socketType: 'akcipher', what: 'asymmetric cipher', defaultName: 'rsa' },
  11: { socketType: 'akcipher', what: 'asymmetric cipher (AIO)', defaultName: 'rsa' },
  13: { socketType: 'kpp', what: 'key agreement (KPP)', defaultName: 'dh' },
  14: { socketType: 'kpp', what: 'key agreement (KPP, AIO)', defaultName: 'dh' },
};

/** Binds `name` as `socketType`: undefined when it binds, else the error code. */
function probe(socketType: string, name: string): string | undefined {
  try {
    // The library names the mainline socket types; the probe asks for one it does not know.
    Transform.open(socketType as Parameters<typeof Transform.open>[0], name).close();
    return undefined;
  } catch (error) {
    return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  }
}

export function unsupportedReason(type: number, name: string): string {
  const family = families[type];
  if (family === undefined) throw new RangeError(`-x ${type} is not an asymmetric or KPP type`);
  const algorithm = name === '' ? family.defaultName : name;
  const outcome = probe(family.socketType, algorithm);
  switch (outcome) {
    case 'EAFNOSUPPORT':
      return noAfAlgMessage;
    case undefined:
      return `-x ${type} (${family.what}): this kernel has AF_ALG ${family.socketType} sockets (out-of-tree patches), which kcapi does not drive`;
    case 'ENOENT':
      return `-x ${type} (${family.what}) needs AF_ALG ${family.socketType} sockets, which mainline Linux does not have (only libkcapi's out-of-tree kernel patches add them)`;
    default:
      return `-x ${type} (${family.what}): binding ${JSON.stringify(algorithm)} as ${family.socketType} failed (${outcome}); mainline Linux has no AF_ALG ${family.socketType} sockets`;
  }
}

export async function run(options: KcapiOptions, _output: Output): Promise<void> {
  throw new UnsupportedError(unsupportedReason(options.cipherType ?? 0, options.cipher));
}
