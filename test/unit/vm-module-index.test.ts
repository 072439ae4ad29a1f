import { describe, expect, it } from 'vitest';
import { cryptoAliasTable, isBuiltin, loadOrder, moduleName, parseModuleIndex } from '../../src/vm/kernel/module-index.js';
import { helperAliasTable } from '../../src/vm/guest/guest-scripts.js';

// Excerpts in the format depmod writes (modules.dep lists every transitive dependency).
const index = parseModuleIndex({
  dep: [
    'kernel/drivers/virtio/virtio_ring.ko:',
    'kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko',
    'kernel/drivers/virtio/virtio_pci_legacy_dev.ko:',
    'kernel/drivers/virtio/virtio_pci_modern_dev.ko:',
    'kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko',
    'kernel/fs/netfs/netfs.ko:',
    'kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko',
    'kernel/net/9p/9pnet.ko:',
    'kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko',
    'kernel/fs/9p/9p.ko.xz: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko',
    'kernel/crypto/gcm.ko: kernel/crypto/gf128mul.ko',
    'kernel/crypto/gf128mul.ko:',
    'kernel/arch/x86/crypto/aesni-intel.ko: kernel/crypto/crypto_simd.ko kernel/crypto/cryptd.ko',
    'kernel/crypto/crypto_simd.ko: kernel/crypto/cryptd.ko',
    'kernel/crypto/cryptd.ko:',
    'kernel/drivers/crypto/padlock-aes.ko:',
    'kernel/crypto/af_alg.ko:',
    'kernel/crypto/algif_hash.ko: kernel/crypto/af_alg.ko',
  ].join('\n'),
  alias: [
    '# Aliases extracted from modules themselves.',
    'alias crypto-gcm gcm',
    'alias crypto-aes aesni_intel',
    'alias crypto-aes padlock_aes',
    'alias algif-hash algif_hash',
    'alias net-pf-38 af_alg',
    'alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci',
    'alias crypto-sha256 sha256_generic',
  ].join('\n'),
  softdep: 'softdep gcm pre: crypto-aes\n',
  builtin: 'kernel/crypto/sha256_generic.ko\nkernel/drivers/virtio/virtio_mmio.ko\n',
});

describe('module index', () => {
  it('names modules as the kernel does', () => {
    expect(moduleName('kernel/arch/x86/crypto/aesni-intel.ko.xz')).toBe('aesni_intel');
    expect(moduleName('kernel/fs/9p/9p.ko')).toBe('9p');
  });

  it('orders the 9p boot modules dependencies first, as documented for Debian', () => {
    expect(loadOrder(index, ['virtio_pci', '9pnet_virtio', '9p']).map(moduleName)).toEqual([
      'virtio_ring',
      'virtio',
      'virtio_pci_modern_dev',
      'virtio_pci_legacy_dev',
      'virtio_pci',
      '9pnet',
      '9pnet_virtio',
      'netfs',
      'fscache',
      '9p',
    ]);
  });

  it('skips built-in and unknown modules', () => {
    expect(isBuiltin(index, 'virtio-mmio')).toBe(true);
    expect(loadOrder(index, ['virtio_mmio', 'no_such_module'])).toEqual([]);
  });

  it('resolves aliases to every provider and honours softdep pre:', () => {
    expect(loadOrder(index, ['crypto-gcm']).map(moduleName)).toEqual([
      'cryptd',
      'crypto_simd',
      'aesni_intel',
      'padlock_aes',
      'gf128mul',
      'gcm',
    ]);
  });

  it('tables the crypto, algif and AF_ALG family aliases only', () => {
    const table = cryptoAliasTable(index);
    expect(
      table
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ')[0]),
    ).toEqual(['algif-hash', 'crypto-aes', 'crypto-gcm', 'net-pf-38']);
    expect(helperAliasTable(table, moduleName).split('\n')[0]).toBe(
      'algif-hash af_alg:kernel/crypto/af_alg.ko algif_hash:kernel/crypto/algif_hash.ko',
    );
  });
});
