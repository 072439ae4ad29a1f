/** What the measurement loop drives: rounds of requests on one side (AF_ALG or node:crypto). */

export interface RoundResult {
  /** Requests the round completed. */
  readonly requests: number;
}

export interface Workload {
  /** Runs one round (one request, or one batch per socket) and says how many requests it did. */
  round(): Promise<RoundResult> | RoundResult;
  close(): void;
}

/** Everything a workload needs to know about the work: the same on both sides. */
export interface CipherWork {
  readonly algorithm: string;
  readonly key: Uint8Array;
  /** Empty for ciphers without an IV (ecb). */
  readonly iv: Uint8Array;
  readonly size: number;
}
