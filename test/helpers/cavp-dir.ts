import { existsSync } from 'node:fs';

/** Root of the NIST CAVP files shipped by Debian's python3-cryptography-vectors. */
export const cavpRoot: string = process.env.KCAPI_VECTORS_DIR ?? '/usr/lib/python3/dist-packages/cryptography_vectors';

export function requireCavpRoot(): string {
  if (!existsSync(cavpRoot)) {
    throw new Error(`NIST vectors not found at ${cavpRoot}: apt-get install python3-cryptography-vectors (or set KCAPI_VECTORS_DIR)`);
  }
  return cavpRoot;
}
