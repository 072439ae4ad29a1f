import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';
import { runAead } from './aead.js';
import { hexToBytes } from './hex.js';
import { ccmNonceToIv, type KcapiOptions } from './options.js';
import type { Output } from './output.js';

/** The fixed test of `-y` (docs/reference-cli.md §7): ccm(aes) with most of 65504 bytes of associated data. */
export const largeInputTest = {
  cipher: 'ccm(aes)',
  key: '8a5220f5aa1b8aaddfa3bdefc91afe7c',
  nonce: '82b782d0047d840ccfe4387159',
  message: '64f855a85e5a7b8afa05421ebf6f15b50c8fdc23b7f2c670f50c45d07acc5ad5',
  tagLength: 16,
  /** 65504 − 8192 − 16: what one vmsplice'd request can carry beside the message and tag. */
  oneShotAssocLength: 57296,
  /** 65504 − 12288 − 16. */
  streamAssocLength: 53200,
} as const;

let aadCache: Buffer | undefined;

/** The 65504 bytes of associated data shipped in data/ccm-large-aad.hex. */
export function largeInputAad(): Buffer {
  aadCache ??= hexToBytes(readFileSync(packagePath('data', 'ccm-large-aad.hex'), 'utf8').trim());
  return aadCache;
}

/**
 * `-y`: encrypts the fixed message; honours -s, -v and -d, ignores the other options as
 * the reference does. One line (ciphertext and tag) per loop.
 */
export async function run(options: KcapiOptions, output: Output): Promise<void> {
  const test = largeInputTest;
  const assocLength = options.stream ? test.streamAssocLength : test.oneShotAssocLength;
  await runAead(
    {
      cipher: test.cipher,
      operation: 1,
      key: hexToBytes(test.key),
      iv: ccmNonceToIv(hexToBytes(test.nonce)),
      plaintext: hexToBytes(test.message),
      ciphertext: undefined,
      assoc: largeInputAad().subarray(0, assocLength),
      tag: undefined,
      tagLength: test.tagLength,
      loops: options.loops,
      stream: options.stream,
      vmsplice: options.vmsplice,
      aligned: false,
      printAad: false,
      timing: false,
    },
    output,
  );
}
