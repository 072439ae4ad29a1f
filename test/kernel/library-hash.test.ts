import { createHash, createHmac } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';

import { beforeAll, describe, expect, it } from 'vitest';

import { Hash, Transform } from '../../src/kernel/index.js';
import { hex, requireAfAlg, vectorCases } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

describe('published known answers through Hash', () => {
  const files = [
    ['hashes/SHA1', /^SHA1(Short|Long)Msg\.rsp$/, 'SHA-1 (NIST)'],
    // The SHA-384/512 long-message files are 1.7 MB each: short messages only for those.
    ['hashes/SHA2', /^SHA(224|256|384|512)ShortMsg\.rsp$|^SHA(224|256)LongMsg\.rsp$/, 'SHA-2 (NIST)'],
    ['HMAC', /^rfc-(2202-sha1|4231-sha\d+)\.txt$/, 'HMAC-SHA-1/SHA-2 (RFC 2202, RFC 4231)'],
  ] as const;
  for (const [directory, pattern, label] of files) {
    it(
      label,
      async () => {
        const cases = await vectorCases(directory, pattern, 'digest', 40);
        expect(cases.length).toBeGreaterThan(5);
        for (const vector of cases) {
          const hash = Hash.open(vector.algorithm, vector.key ?? undefined);
          try {
            // RFC 4231 test case 5 publishes a truncated MAC: compare its length's worth.
            const digest = hash.digest(vector.message);
            expect(hex(digest.subarray(0, vector.expected.length)), vector.id).toBe(hex(vector.expected));
          } finally {
            hash.close();
          }
        }
      },
      900_000,
    );
  }
});

const LENGTHS = [0, 1, 63, 64, 65536 + 1, 1 << 20];

describe('differential against node:crypto over random messages and keys', () => {
  for (const name of ['sha1', 'sha256', 'sha512']) {
    it(name, async () => {
      const hash = Hash.open(name);
      const hmac = Hash.open(`hmac(${name})`, randomBytes(0));
      try {
        for (const length of LENGTHS) {
          const message = randomBytes(length);
          expect(hex(hash.digest(message)), `${name} ${length}`).toBe(createHash(name).update(message).digest('hex'));
          expect(hex(await hash.digestAsync(message))).toBe(createHash(name).update(message).digest('hex'));
          const key = randomBytes(length % 200);
          const mac = Hash.open(`hmac(${name})`, key);
          try {
            expect(hex(mac.digest(message)), `hmac(${name}) key ${hex(key)} length ${length}`).toBe(
              createHmac(name, key).update(message).digest('hex'),
            );
          } finally {
            mac.close();
          }
        }
        expect(hex(hmac.digest(Buffer.from('abc')))).toBe(createHmac(name, Buffer.alloc(0)).update('abc').digest('hex'));
      } finally {
        hash.close();
        hmac.close();
      }
    });
  }

  it('update() streams with MSG_MORE; final() ends the message and the next update starts a new one', async () => {
    const pieces = [0, 1, 100, 65536, 3].map((length) => randomBytes(length));
    const hash = Hash.open('sha256');
    try {
      for (const piece of pieces.slice(0, 2)) hash.update(piece);
      const queued = [hash.updateAsync(pieces[2]!), hash.updateAsync(pieces[3]!)];
      const digest = hash.finalAsync();
      expect(() => hash.update(pieces[4]!)).toThrow(/still running/);
      await Promise.all(queued);
      expect(hex(await digest)).toBe(
        createHash('sha256')
          .update(Buffer.concat(pieces.slice(0, 4)))
          .digest('hex'),
      );
      hash.update(pieces[2]!);
      expect(hex(await hash.finalAsync())).toBe(createHash('sha256').update(pieces[2]!).digest('hex'));
    } finally {
      hash.close();
    }
  });

  it('clone() copies the state (accept on the operation socket)', () => {
    const key = randomBytes(32);
    const prefix = randomBytes(1000);
    const mac = Hash.open('hmac(sha512)', key);
    try {
      mac.update(prefix);
      const copy = mac.clone();
      copy.update(Buffer.from('left'));
      mac.update(Buffer.from('right'));
      expect(hex(copy.final())).toBe(createHmac('sha512', key).update(prefix).update('left').digest('hex'));
      expect(hex(mac.final())).toBe(createHmac('sha512', key).update(prefix).update('right').digest('hex'));
    } finally {
      mac.close();
    }
  });
});

describe('hash errors', () => {
  it('ENOKEY for an HMAC used before its key is set', () => {
    const transform = Transform.open('hash', 'hmac(sha256)');
    try {
      const operation = transform.accept();
      expect(() => operation.send(Buffer.from('abc'))).toThrow(expect.objectContaining({ code: 'ENOKEY', syscall: 'sendmsg' }));
    } finally {
      transform.close();
    }
  });

  it('ENOENT for an unknown hash; EINVAL for a key on an unkeyed one', () => {
    expect(() => Hash.open('sha257')).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'bind' }));
    expect(() => Hash.open('sha256', randomBytes(16))).toThrow(expect.objectContaining({ syscall: 'setsockopt' }));
  });
});
