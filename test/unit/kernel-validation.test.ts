import { describe, expect, it } from 'vitest';

import { Aead, alignedBuffer, ccmIvFromNonce, Hash, pageSize, Rng, Skcipher, Transform } from '../../src/kernel/index.js';
import { native } from '../../src/native.js';

// Every check here runs before any system call, so it behaves the same with or without AF_ALG.
describe('argument validation', () => {
  it('Transform.open checks type and name', () => {
    expect(() => Transform.open(7 as never, 'cbc(aes)')).toThrow(new TypeError('type must be a string, got number'));
    expect(() => Transform.open('' as never, 'cbc(aes)')).toThrow(new RangeError('type must not be empty'));
    expect(() => Transform.open('skcipher-too-long' as never, 'x')).toThrow(RangeError);
    expect(() => Transform.open('skcipher', '')).toThrow(new RangeError('name must not be empty'));
    expect(() => Transform.open('skcipher', 'cbc(aes)\0x')).toThrow(new RangeError('name must not contain NUL characters'));
    expect(() => Transform.open('skcipher', null as never)).toThrow(new TypeError('name must be a string, got null'));
    expect(() => Transform.open('skcipher', 'cbc(aes)', { mask: -1 })).toThrow(
      new RangeError('mask must be an integer from 0 to 4294967295, got -1'),
    );
  });

  it('the convenience classes check keys, tag lengths and seeds', () => {
    expect(() => Skcipher.open('cbc(aes)', '00' as never)).toThrow(new TypeError('key must be a Uint8Array, got string'));
    expect(() => Aead.open('gcm(aes)', new Uint8Array(16), 1.5)).toThrow(RangeError);
    expect(() => Aead.open('gcm(aes)', [1, 2] as never, 16)).toThrow(new TypeError('key must be a Uint8Array, got Array'));
    expect(() => Hash.open('hmac(sha256)', {} as never)).toThrow(new TypeError('key must be a Uint8Array, got Object'));
    expect(() => Rng.open('stdrng', 5 as never)).toThrow(new TypeError('seed must be a Uint8Array, got number'));
  });

  it('the native layer re-checks what it is given', () => {
    const TransformSocket = native().TransformSocket;
    expect(native().probeAfAlg()).toBeGreaterThanOrEqual(0);
    expect(() => native().allocAligned(-1)).toThrow(RangeError);
    expect(() => native().pageOffset('x' as never)).toThrow(new TypeError('view must be a Uint8Array'));
    expect(() => native().cryptoGetAlg({ name: 'x'.repeat(64) })).toThrow(new RangeError('name is longer than 63 bytes'));
    expect(TransformSocket.name).toBe('TransformSocket');
  });

  it('alignedBuffer starts on a page boundary and is zeroed', () => {
    for (const length of [0, 1, 4095, 4096, 65537]) {
      const buffer = alignedBuffer(length);
      expect(buffer.length).toBe(length);
      expect(native().pageOffset(buffer)).toBe(0);
      expect(buffer.every((byte) => byte === 0)).toBe(true);
    }
    expect(native().pageOffset(alignedBuffer(64).subarray(3))).toBe(3);
    expect(pageSize()).toBe(4096);
    expect(() => alignedBuffer(1.5)).toThrow(RangeError);
  });

  it('ccmIvFromNonce builds the RFC 3610 counter block', () => {
    const nonce = Buffer.from('82b782d0047d840ccfe4387159', 'hex');
    const iv = ccmIvFromNonce(nonce);
    expect(iv.length).toBe(16);
    expect(iv[0]).toBe(14 - nonce.length);
    expect(iv.subarray(1, 14).equals(nonce)).toBe(true);
    expect(iv.subarray(14).every((byte) => byte === 0)).toBe(true);
    expect(() => ccmIvFromNonce(new Uint8Array(6))).toThrow(RangeError);
    expect(() => ccmIvFromNonce(new Uint8Array(14))).toThrow(RangeError);
  });
});
