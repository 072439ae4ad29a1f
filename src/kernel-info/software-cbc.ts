/** The two answers several CBC requests on one operation socket can give (node:crypto). */
import { createCipheriv } from 'node:crypto';

function cbcEncrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** One CBC chain over all requests: what the kernel gives when the IV carries over. */
export function chainedCbc(key: Buffer, iv: Buffer, requests: readonly Buffer[]): Buffer {
  return cbcEncrypt(key, iv, Buffer.concat(requests));
}

/** Every request from the same IV: what requests sharing a stale IV give. */
export function independentCbc(key: Buffer, iv: Buffer, requests: readonly Buffer[]): Buffer {
  return Buffer.concat(requests.map((request) => cbcEncrypt(key, iv, request)));
}

export function cbcEncryptOnce(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  return cbcEncrypt(key, iv, data);
}
