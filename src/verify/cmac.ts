/** CMAC (NIST SP 800-38B) in software over a node:crypto CBC cipher (Node has no CMAC). */
import { createCipheriv } from 'node:crypto';

/** `cbcCipher` is an OpenSSL CBC name such as `aes-128-cbc` or `des-ede3-cbc`. */
export function cmac(cbcCipher: string, key: Buffer, message: Buffer): Buffer {
  const encryptCbc = (data: Buffer, blockSize: number): Buffer => {
    const cipher = createCipheriv(cbcCipher, key, Buffer.alloc(blockSize));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(data), cipher.final()]);
  };
  const blockSize = cbcCipher.startsWith('des') ? 8 : 16;
  const k1 = double(encryptCbc(Buffer.alloc(blockSize), blockSize));
  const k2 = double(k1);
  const complete = message.length > 0 && message.length % blockSize === 0;
  const padded = Buffer.alloc(complete ? message.length : (Math.floor(message.length / blockSize) + 1) * blockSize);
  message.copy(padded);
  if (!complete) padded[message.length] = 0x80;
  const subkey = complete ? k1 : k2;
  const last = padded.length - blockSize;
  for (let i = 0; i < blockSize; i++) padded[last + i]! ^= subkey[i]!;
  return encryptCbc(padded, blockSize).subarray(last);
}

/** Multiplication by x in GF(2^n): shift left, reduce with 0x87 (128-bit) or 0x1b (64-bit). */
function double(block: Buffer): Buffer {
  const out = Buffer.alloc(block.length);
  for (let i = 0; i < block.length; i++) out[i] = ((block[i]! << 1) | ((block[i + 1] ?? 0) >> 7)) & 0xff;
  if (block[0]! & 0x80) out[block.length - 1]! ^= block.length === 16 ? 0x87 : 0x1b;
  return out;
}
