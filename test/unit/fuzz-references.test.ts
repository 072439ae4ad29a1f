/** The fuzzers' node:crypto counterparts: what they compare with, and what they leave unchecked. */
import { describe, expect, it } from 'vitest';
import { aeadReference } from '../../src/ops/fuzz/aead.js';
import { skcipherReference } from '../../src/ops/fuzz/skcipher.js';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('fuzz software references', () => {
  it('cbc(aes) gives the documented known answer (docs/reference-cli.md §4)', () => {
    const out = skcipherReference('cbc(aes)')!.encrypt(
      hex('8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423'),
      hex('7fbc02ebf5b93322329df9bfccb635af'),
      hex('48981da18e4bb9ef7e2e3162d16b1910'),
    );
    expect(out!.toString('hex')).toBe('8b19050f66582cb7f7e4b6c873819b71');
  });

  it('gcm(aes) gives CT ‖ TAG of the documented known answer', () => {
    const out = aeadReference('gcm(aes)')!.encrypt(
      hex('2fb45e5b8f993a2bfebc4b15b533e0b4'),
      hex('0d18e06c7c725ac9e362e1ce'),
      hex('2ae6c6c39c2f3a6f'),
      hex('68ab9e1f'),
      16,
    );
    expect(out!.toString('hex')).toBe('8f246c19bbbb38f662b9ee7e2767bba37f2f0d52');
  });

  it('declines what node:crypto cannot check instead of guessing', () => {
    expect(skcipherReference('cbc-aes-aesni')).toBeUndefined();
    expect(skcipherReference('cbc(serpent)')).toBeUndefined();
    expect(aeadReference('gcm(aes)')).toBeDefined();
    expect(aeadReference('gcm(serpent)')).toBeUndefined();
    expect(aeadReference('authenc(hmac(nosuchhash),cbc(aes))')).toBeUndefined();
    expect(skcipherReference('cbc(aes)')!.encrypt(Buffer.alloc(15), Buffer.alloc(16), Buffer.alloc(16))).toBeUndefined();
    expect(aeadReference('gcm(aes)')!.encrypt(Buffer.alloc(16), Buffer.alloc(12), Buffer.alloc(0), Buffer.alloc(1), 3)).toBeUndefined();
    // OpenSSL refuses XTS keys with equal halves, which the kernel takes: no answer, not a wrong one.
    expect(skcipherReference('xts(aes)')!.encrypt(Buffer.alloc(32, 7), Buffer.alloc(16), Buffer.alloc(16))).toBeUndefined();
  });
});
