import { randomBytes } from '../helpers/seeded-random.js';

import { beforeAll, describe, expect, it } from 'vitest';

import { Skcipher, Transform, UnsplittableInputError } from '../../src/kernel/index.js';
import { allocationLimit } from '../../src/kernel/request-capacity.js';
import { skcipher } from '../../src/software/index.js';
import { hex, requireAfAlg, vectorCases } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

const KAT_FILES = [
  ['ciphers/AES/CBC', /\.rsp$/, 'AES-CBC (GFSbox, KeySbox, VarKey, VarTxt, MMT)'],
  ['ciphers/AES/ECB', /\.rsp$/, 'AES-ECB (GFSbox, KeySbox, VarKey, VarTxt, MMT)'],
  ['ciphers/AES/CTR', /^aes-\d+-ctr\.txt$/, 'AES-CTR (RFC 3686 vectors)'],
  ['ciphers/AES/XTS/tweak-128hexstr', /\.rsp$/, 'XTS-AES-128/256'],
] as const;

describe('NIST known answers through Skcipher', () => {
  for (const [directory, pattern, label] of KAT_FILES) {
    it(
      label,
      async () => {
        const cases = await vectorCases(directory, pattern, 'skcipher', 40);
        expect(cases.length).toBeGreaterThan(0);
        for (const vector of cases) {
          const cipher = Skcipher.open(vector.algorithm, vector.key);
          try {
            const iv = vector.iv.length > 0 ? vector.iv : undefined;
            const output = vector.direction === 'encrypt' ? cipher.encrypt(vector.input, iv) : cipher.decrypt(vector.input, iv);
            expect(hex(output), vector.id).toBe(hex(vector.expected));
          } finally {
            cipher.close();
          }
        }
      },
      900_000,
    );
  }
});

interface Mode {
  name: string;
  keyLengths: number[];
  ivLength: number;
  /** Whether the kernel accepts this input length (a whole request). */
  accepts(length: number): boolean;
}

const MODES: Mode[] = [
  { name: 'cbc(aes)', keyLengths: [16, 24, 32], ivLength: 16, accepts: (length) => length % 16 === 0 },
  { name: 'ecb(aes)', keyLengths: [16, 24, 32], ivLength: 0, accepts: (length) => length % 16 === 0 },
  { name: 'ctr(aes)', keyLengths: [16, 24, 32], ivLength: 16, accepts: () => true },
  { name: 'xts(aes)', keyLengths: [32, 64], ivLength: 16, accepts: (length) => length === 0 || length >= 16 },
];
const LENGTHS = [0, 1, 15, 16, 65536 + 1, 1 << 20];

function nodeCrypt(mode: Mode, encrypt: boolean, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  if (data.length === 0) return Buffer.alloc(0); // OpenSSL's XTS refuses empty input; every mode maps it to nothing
  return skcipher(mode.name, encrypt ? 'encrypt' : 'decrypt', key, iv, data);
}

describe('differential against node:crypto over random keys, IVs and lengths', () => {
  for (const mode of MODES) {
    for (const keyLength of mode.keyLengths) {
      it(`${mode.name} with ${keyLength}-byte keys`, () => {
        const key = randomBytes(keyLength);
        const cipher = Skcipher.open(mode.name, key);
        try {
          for (const length of LENGTHS) {
            const iv = randomBytes(mode.ivLength);
            const data = randomBytes(length);
            const context = `${mode.name} key ${hex(key)} iv ${hex(iv)} length ${length}`;
            if (!mode.accepts(length)) {
              expect(() => cipher.encrypt(data, iv), context).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'read' }));
              continue;
            }
            if (mode.name === 'xts(aes)' && length > allocationLimit()) {
              // Larger than one kernel request can be, and XTS does not carry its tweak from one
              // request to the next: refused rather than computed wrongly.
              expect(() => cipher.encrypt(data, iv), context).toThrow(UnsplittableInputError);
              continue;
            }
            const expected = nodeCrypt(mode, true, key, iv, data);
            const encrypted = cipher.encrypt(data, mode.ivLength ? iv : undefined);
            expect(encrypted.equals(expected), context).toBe(true);
            expect(cipher.decrypt(expected, mode.ivLength ? iv : undefined).equals(data), context).toBe(true);
          }
        } finally {
          cipher.close();
        }
      });
    }
  }

  it('concurrent async one-shots each get an operation socket and the right bytes', async () => {
    const key = randomBytes(32);
    const cipher = Skcipher.open('cbc(aes)', key);
    try {
      const inputs = [16, 65536 + 16, 300 * 1024, 1 << 20].map((length) => ({ iv: randomBytes(16), data: randomBytes(length) }));
      const results = await Promise.all(inputs.flatMap(({ iv, data }) => [cipher.encryptAsync(data, iv), cipher.decryptAsync(data, iv)]));
      inputs.forEach(({ iv, data }, index) => {
        expect(results[2 * index]!.equals(nodeCrypt(MODES[0]!, true, key, iv, data)), `encrypt ${data.length}`).toBe(true);
        expect(results[2 * index + 1]!.equals(nodeCrypt(MODES[0]!, false, key, iv, data)), `decrypt ${data.length}`).toBe(true);
      });
      expect(cipher.encrypt(inputs[1]!.data, inputs[1]!.iv).equals(results[2]!)).toBe(true);
    } finally {
      cipher.close();
    }
  });

  it('a stream leaves the IV in the kernel: its pieces chain like one message', async () => {
    for (const mode of [MODES[0]!, MODES[2]!]) {
      const key = randomBytes(16);
      const iv = randomBytes(16);
      const pieces = [16, 4096, 48, 65536, 32].map((length) => randomBytes(length));
      const expected = nodeCrypt(mode, true, key, iv, Buffer.concat(pieces));
      using cipher = Skcipher.open(mode.name, key);
      const stream = cipher.stream('encrypt', iv);
      const outputs = [stream.update(pieces[0]!)];
      // Async updates queue up in call order; a synchronous one meanwhile would mix into them.
      const queued = [stream.updateAsync(pieces[1]!), stream.updateAsync(pieces[2]!)];
      expect(() => stream.update(pieces[3]!)).toThrow(/still running/);
      outputs.push(...(await Promise.all(queued)));
      for (const piece of pieces.slice(3)) outputs.push(stream.update(piece));
      expect(hex(Buffer.concat(outputs)), mode.name).toBe(hex(expected));
      const decrypt = cipher.stream('decrypt', iv);
      expect(
        Buffer.concat([decrypt.update(expected.subarray(0, 4112)), decrypt.update(expected.subarray(4112))]).equals(Buffer.concat(pieces)),
      ).toBe(true);
    }
  });
});

describe('kernel errors through the library', () => {
  it('ENOENT for an unknown algorithm or template', () => {
    for (const name of ['no-such-cipher', 'cbc(no-such-cipher)', 'nosuchmode(aes)']) {
      expect(() => Skcipher.open(name, new Uint8Array(16)), name).toThrow(
        expect.objectContaining({ code: 'ENOENT', errno: -2, syscall: 'bind' }),
      );
    }
  });

  it('EINVAL for a key of the wrong size', () => {
    for (const length of [0, 15, 17, 33]) {
      expect(() => Skcipher.open('cbc(aes)', new Uint8Array(length)), `${length}`).toThrow(
        expect.objectContaining({ code: 'EINVAL', errno: -22, syscall: 'setsockopt', message: 'setsockopt EINVAL' }),
      );
    }
  });

  it('ENOKEY for a request before the key is set', () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    try {
      const operation = transform.accept();
      expect(() => operation.send(new Uint8Array(16), { op: 'encrypt', iv: new Uint8Array(16) })).toThrow(
        expect.objectContaining({ code: 'ENOKEY', syscall: 'sendmsg' }),
      );
    } finally {
      transform.close();
    }
  });

  it('EINVAL for an IV of the wrong length and for an unknown operation', () => {
    const cipher = Skcipher.open('cbc(aes)', randomBytes(16));
    try {
      expect(() => cipher.encrypt(new Uint8Array(16), new Uint8Array(8))).toThrow(
        expect.objectContaining({ code: 'EINVAL', syscall: 'sendmsg' }),
      );
      const operation = cipher.transform.accept();
      expect(() => operation.send(new Uint8Array(16), { op: 2, iv: new Uint8Array(16) })).toThrow(
        expect.objectContaining({ code: 'EINVAL', syscall: 'sendmsg' }),
      );
    } finally {
      cipher.close();
    }
  });
});
