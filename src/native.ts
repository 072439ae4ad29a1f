/**
 * The only module that loads the compiled addon, and the typed interface of what it exports.
 * Loading happens on first use, not at import. A build from source (build/Release, or the Debug
 * build) comes first, so that in the checkout changes to native/ take effect; otherwise the
 * prebuilt binary the npm tarball carries for this platform (prebuilds/<platform>-<arch>/).
 * Other native components extend NativeAddon by module augmentation:
 *   declare module '../native.js' { interface NativeAddon { AioContext: ... } }
 */
import { createRequire } from 'node:module';

import { KernelError } from './kernel/errors.js';
import { packagePath } from './package-root.js';

/** A bound-to-be AF_ALG socket: the kernel's transform (tfm). */
export interface NativeTransformSocket {
  readonly fd: number;
  readonly closed: boolean;
  bind(type: string, name: string, feat?: number, mask?: number): void;
  setKey(key: Uint8Array): void;
  setAuthSize(tagLength: number): void;
  accept(): NativeOperationSocket;
  /** Closes the transform and every operation socket accepted from it. Idempotent. */
  close(): void;
}

/**
 * An accepted operation socket. send arguments: data (null: control messages only),
 * op (-1: none, 0 decrypt, 1 encrypt, other values passed through), iv (null: none),
 * assocLen (-1: none), more (MSG_MORE / SPLICE_F_MORE).
 */
export interface NativeOperationSocket {
  readonly fd: number;
  readonly closed: boolean;
  send(data: Uint8Array | null, op: number, iv: Uint8Array | null, assocLen: number, more: boolean): number;
  sendAsync(data: Uint8Array | null, op: number, iv: Uint8Array | null, assocLen: number, more: boolean): Promise<number>;
  sendSpliced(data: Uint8Array | null, op: number, iv: Uint8Array | null, assocLen: number, more: boolean): number;
  sendSplicedAsync(data: Uint8Array | null, op: number, iv: Uint8Array | null, assocLen: number, more: boolean): Promise<number>;
  /** One read(2) into the whole view; resolves to the byte count the kernel returned. */
  read(target: Uint8Array): number;
  readAsync(target: Uint8Array): Promise<number>;
  /** The same request `loops` times, results into equal slots of target; stops at the first failure. */
  repeat(
    data: Uint8Array | null,
    op: number,
    iv: Uint8Array | null,
    assocLen: number,
    more: boolean,
    target: Uint8Array,
    loops: number,
    spliced: boolean,
  ): { completed: number; nanoseconds: number; error?: Error };
  accept(): NativeOperationSocket;
  getSocketOption(level: number, name: number): number;
  setSocketOption(level: number, name: number, value: number): void;
  /** Idempotent; while an async call is pending the descriptor is released when it ends. */
  close(): void;
}

/** One CRYPTO_MSG_GETALG reply: struct crypto_user_alg and its netlink attributes, undecoded. */
export interface RawCryptoReport {
  algorithm: Buffer;
  attributes: Array<{ type: number; data: Buffer }>;
}

export interface NativeAddon {
  TransformSocket: new () => NativeTransformSocket;
  OperationSocket: abstract new () => NativeOperationSocket;
  setErrorClass(errorClass: new (syscall: string, code: string, errno: number) => Error): void;
  /** 'ENOENT' for 2 (or -2). */
  errnoName(errno: number): string;
  /** A zeroed Buffer whose memory starts on a page boundary (wiped when collected). */
  allocAligned(length: number): Buffer;
  /** Offset of a view's first byte from the preceding page boundary. */
  pageOffset(view: Uint8Array): number;
  readonly pageSize: number;
  /** 0 when socket(AF_ALG) works, otherwise its errno. */
  probeAfAlg(): number;
  /** All algorithms (no query), or the first match for a name or driver name. */
  cryptoGetAlg(query?: { name?: string; driver?: string }): RawCryptoReport[];
}

let loaded: NativeAddon | undefined;

export function native(): NativeAddon {
  return loaded ?? load();
}

function load(): NativeAddon {
  const require = createRequire(import.meta.url);
  const candidates = [
    packagePath('build', 'Release', 'kcapi_native.node'),
    packagePath('build', 'Debug', 'kcapi_native.node'),
    packagePath('prebuilds', `${process.platform}-${process.arch}`, 'kcapi_native.node'),
  ];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      const addon = require(candidate) as NativeAddon;
      addon.setErrorClass(KernelError);
      loaded = addon;
      return addon;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'MODULE_NOT_FOUND') throw error;
      failures.push(candidate);
    }
  }
  throw new Error(
    `kcapi native addon not found (looked for ${failures.join(', ')}): run \`npm rebuild kcapi\`, or \`npx node-gyp rebuild\` in the checkout`,
  );
}
