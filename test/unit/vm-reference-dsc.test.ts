import { describe, expect, it } from 'vitest';
import { dscSha256 } from '../../src/vm/kernel/reference-kcapi.js';

// The fields of bookworm's libkcapi_1.4.0-1.dsc that the reference build reads.
const dsc = `Format: 3.0 (quilt)
Source: libkcapi
Version: 1.4.0-1
Checksums-Sha1:
 0d5fc3d5b5fa0b3e2c1ba4c8c93bd4a0a66a2a6b 333040 libkcapi_1.4.0.orig.tar.xz
Checksums-Sha256:
 644b47593b3f27f08add7a8808ccdbe569a2f331d70fb8b52551e57379b917fa 333040 libkcapi_1.4.0.orig.tar.xz
 932e2795b4963c9d3d19b3ae19eb9b3e235d85f23060bc58e98aef342beee064 488 libkcapi_1.4.0.orig.tar.xz.asc
 67c4ab7f27508d6b07f7efcd5b70319c813fd8af7d6e95e8aa1bb0097ceceb95 7788 libkcapi_1.4.0-1.debian.tar.xz
Files:
 5d41402abc4b2a76b9719d911017c592 333040 libkcapi_1.4.0.orig.tar.xz
`;

describe('dscSha256', () => {
  it('reads the Checksums-Sha256 field only, file name to digest', () => {
    const sums = dscSha256(dsc);
    expect([...sums.keys()]).toEqual(['libkcapi_1.4.0.orig.tar.xz', 'libkcapi_1.4.0.orig.tar.xz.asc', 'libkcapi_1.4.0-1.debian.tar.xz']);
    expect(sums.get('libkcapi_1.4.0.orig.tar.xz')).toBe('644b47593b3f27f08add7a8808ccdbe569a2f331d70fb8b52551e57379b917fa');
  });

  it('is empty without the field', () => {
    expect(dscSha256(dsc.replace('Checksums-Sha256', 'Checksums-Md5')).size).toBe(0);
  });
});
