/**
 * Whether vmsplice + splice into an AF_ALG socket works, and whether it is zero-copy: the
 * data is spliced with MSG_MORE, then changed in user memory before the request completes.
 * A kernel that kept references to the pages encrypts the changed data; one that copied
 * them encrypts the original.
 */
import { randomBytes } from 'node:crypto';
import { Transform } from '../kernel/index.js';
import { native } from '../native.js';
import { skcipher } from '../software/index.js';

export interface SpliceReport {
  readonly status: 'zero-copy' | 'copied' | 'fails' | 'inconsistent';
  readonly detail: string;
}

export function probeSplice(): SpliceReport {
  const { pageSize, allocAligned } = native();
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const data = allocAligned(pageSize);
  randomBytes(pageSize).copy(data);
  const original = Buffer.from(data);
  const transform = Transform.open('skcipher', 'cbc(aes)');
  try {
    transform.setKey(key);
    const operation = transform.accept();
    try {
      operation.sendSpliced(data, { op: 'encrypt', iv, more: true });
    } catch (error) {
      return { status: 'fails', detail: `vmsplice/splice into the socket failed: ${(error as Error).message}` };
    }
    data.fill(0x5a);
    operation.send(null, { more: false });
    const output = operation.read(pageSize);
    if (output.equals(skcipher('cbc(aes)', 'encrypt', key, iv, data))) {
      return { status: 'zero-copy', detail: 'the kernel read the spliced pages after splice returned (no copy)' };
    }
    if (output.equals(skcipher('cbc(aes)', 'encrypt', key, iv, original))) {
      return { status: 'copied', detail: 'works; the kernel copied the data during splice' };
    }
    return { status: 'inconsistent', detail: 'the output matches neither the spliced nor the changed data' };
  } finally {
    data.fill(0);
    transform.close();
  }
}
