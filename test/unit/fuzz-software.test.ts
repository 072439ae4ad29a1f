import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadReference, authencKey, skcipherReference, splitAuthencKey } from '../../src/ops/fuzz/software.js';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('fuzz software references', () => {
  it('authenc(hmac(sha1),cbc(aes)) matches the kernel testmgr vector libkcapi quotes (RFC 3602 case 1)', () => {
    const key = hex('0800010000000010000000000000000000000000000000000000000006a9214036b8a15b512e03d534120006');
    const parts = splitAuthencKey(key)!;
    expect(parts.authKey).toEqual(Buffer.alloc(20));
    expect(parts.encryptionKey.toString('hex')).toBe('06a9214036b8a15b512e03d534120006');
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) expect(authencKey(parts.authKey, parts.encryptionKey)).toEqual(key);
    const iv = hex('3dafba429d9eb430b422da802c9fac41');
    const out = aeadReference('authenc(hmac(sha1),cbc(aes))')!.encrypt(key, iv, iv, hex('53696e676c6520626c6f636b206d7367'), 20);
    expect(out!.toString('hex')).toBe('e353779c1079aeb82708942dbe77181a1b13cbaf895ee12c13c52ea3cceddcb50371a206');
  });

  it('gcm(aes) matches the spec §4 known answer', () => {
    const out = aeadReference('gcm(aes)')!.encrypt(
      hex('2fb45e5b8f993a2bfebc4b15b533e0b4'),
      hex('0d18e06c7c725ac9e362e1ce'),
      hex('2ae6c6c39c2f3a6f'),
      hex('68ab9e1f'),
      16,
    );
    expect(out!.toString('hex')).toBe('8f246c19bbbb38f662b9ee7e2767bba37f2f0d52');
  });

  it('ccm(aes) takes the kernel counter block and matches libkcapi\'s CAVS example', () => {
    const iv = Buffer.alloc(16);
    iv[0] = 14 - 7;
    hex('674742abd0f5ba').copy(iv, 1);
    const out = aeadReference('ccm(aes)')!.encrypt(
      hex('2861fd0253705d7875c95ba8a53171b4'),
      iv,
      hex('fb7bc304a3909e66e2e0c5ef952712dd884ce3e7324171369f2c5db1adc48c7d'),
      hex('8dd351509dcf1df9c33987fb31cd708dd60d65d3d4e1baa53581d891d994d723'),
      4,
    );
    expect(out!.toString('hex')).toBe('4edb58e8d5eb6bc711c43a6f3693daebde2e5524f1b55297abb29f003236e43da7877c99');
  });

  it('cbc(aes) matches the spec §4 known answer and inverts', () => {
    const key = hex('8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423');
    const iv = hex('7fbc02ebf5b93322329df9bfccb635af');
    const out = skcipherReference('cbc(aes)')!.encrypt(key, iv, hex('48981da18e4bb9ef7e2e3162d16b1910'));
    expect(out!.toString('hex')).toBe('8b19050f66582cb7f7e4b6c873819b71');
    const back = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    expect(Buffer.concat([back.update(out!), back.final()]).toString('hex')).toBe('48981da18e4bb9ef7e2e3162d16b1910');
  });

  it('declines what node:crypto cannot check instead of guessing', () => {
    expect(skcipherReference('cbc-aes-aesni')).toBeUndefined();
    expect(aeadReference('rfc4106(gcm(aes))')).toBeUndefined();
    expect(skcipherReference('cbc(aes)')!.encrypt(Buffer.alloc(15), Buffer.alloc(16), Buffer.alloc(16))).toBeUndefined();
    expect(aeadReference('gcm(aes)')!.encrypt(Buffer.alloc(16), Buffer.alloc(12), Buffer.alloc(0), Buffer.alloc(1), 3)).toBeUndefined();
  });
});
