/** Whether the crypto_user netlink interface (CONFIG_CRYPTO_USER) answers. */
import { native } from '../native.js';

export interface CryptoUserReport {
  readonly available: boolean;
  /** Algorithms the kernel reported in one CRYPTO_MSG_GETALG dump. */
  readonly algorithms: number | null;
  readonly detail: string;
}

export function probeCryptoUser(): CryptoUserReport {
  try {
    const count = native().cryptoGetAlg().length;
    return { available: true, algorithms: count, detail: `CRYPTO_MSG_GETALG answered with ${count} algorithms` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'EPROTONOSUPPORT'
        ? 'no NETLINK_CRYPTO (crypto_user not built or not loaded)'
        : error instanceof Error
          ? error.message
          : String(error);
    return { available: false, algorithms: null, detail: why };
  }
}
