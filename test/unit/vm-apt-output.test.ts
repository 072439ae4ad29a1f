import { describe, expect, it } from 'vitest';
import {
  debianMirror,
  newestPackage,
  parseDepends,
  parsePackageSize,
  payloadPackages,
  releaseOfImagePackage,
} from '../../src/vm/kernel/apt-output.js';
import { imageFromMetaDepends, imageFromNames, parseKernelSpec } from '../../src/vm/kernel/kernel-catalogue.js';
import { UsageError } from '../../src/errors.js';

// Shapes of `apt-cache depends` output as printed by apt 2.6 (Debian 12).
const bookwormMeta = `linux-image-amd64
  Depends: linux-image-6.1.0-56-amd64
`;
const sidImage = `linux-image-7.2.13+deb14-amd64
  PreDepends: linux-base
 |Depends: dracut
 |Depends: initramfs-tools
  Depends: <linux-initramfs-tool>
    dracut
    initramfs-tools
  Depends: linux-base-7.2.13+deb14-amd64
  Depends: linux-binary-7.2.13+deb14-amd64
  Depends: linux-modules-7.2.13+deb14-amd64
  Breaks: initramfs-tools
  Suggests: linux-doc-7.2
`;

describe('apt-cache depends', () => {
  it('yields real dependencies, the first of each alternative group only', () => {
    expect(parseDepends(sidImage)).toEqual([
      'linux-base',
      'dracut',
      'linux-base-7.2.13+deb14-amd64',
      'linux-binary-7.2.13+deb14-amd64',
      'linux-modules-7.2.13+deb14-amd64',
    ]);
  });

  it('finds the versioned image behind a meta package', () => {
    expect(imageFromMetaDepends(parseDepends(bookwormMeta))).toBe('linux-image-6.1.0-56-amd64');
    expect(imageFromMetaDepends(['linux-base-amd64', 'linux-image-7.2.13+deb14-amd64'])).toBe('linux-image-7.2.13+deb14-amd64');
    expect(imageFromMetaDepends(['kmod'])).toBeUndefined();
  });
});

describe('kernel packages', () => {
  it('picks the newest 6.12 image by version, not by string order', () => {
    const names = [
      'linux-image-6.12.9+deb12-amd64',
      'linux-image-6.12.117+deb12-amd64',
      'linux-image-6.12.117+deb12-cloud-amd64',
      'linux-image-6.12.115+deb12-amd64',
      'linux-image-6.12-amd64',
      'linux-image-6.12.117+deb12-amd64-dbg',
    ];
    expect(imageFromNames(names, /^linux-image-6\.12\.\d+\+deb\d+-amd64$/)).toBe('linux-image-6.12.117+deb12-amd64');
    expect(newestPackage(['a-1.10', 'a-1.9', 'a-1.10.1'], /^a-/)).toBe('a-1.10.1');
    expect(newestPackage([], /x/)).toBeUndefined();
  });

  it('downloads the image itself on Debian 12 and its binary/modules/base parts on newer Debian', () => {
    expect(payloadPackages('linux-image-6.1.0-56-amd64', ['linux-base', 'kmod', 'initramfs-tools'])).toEqual([
      'linux-image-6.1.0-56-amd64',
    ]);
    expect(payloadPackages('linux-image-7.2.13+deb14-amd64', parseDepends(sidImage))).toEqual([
      'linux-base-7.2.13+deb14-amd64',
      'linux-binary-7.2.13+deb14-amd64',
      'linux-modules-7.2.13+deb14-amd64',
    ]);
    expect(releaseOfImagePackage('linux-image-6.12.117+deb12-amd64')).toBe('6.12.117+deb12-amd64');
  });

  it('reads the download size', () => {
    expect(parsePackageSize('Package: x\nVersion: 1\nSize: 70550672\nMD5sum: 00\n')).toBe(70550672);
    expect(parsePackageSize('Package: x\n')).toBeUndefined();
  });
});

describe('the system mirror', () => {
  it('is found in deb822 and one-line sources, archive by archive', () => {
    const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
`;
    const oneLine = '# deb http://old/debian sid main\ndeb [arch=amd64 signed-by=/k.gpg] https://mirror.example/debian/ bookworm main\n';
    expect(debianMirror([deb822])).toBe('http://deb.debian.org/debian');
    expect(debianMirror([deb822], 'debian-security')).toBe('http://deb.debian.org/debian-security');
    expect(debianMirror(['deb https://packages.cloud.google.com/apt cloud-sdk main\n', oneLine])).toBe('https://mirror.example/debian');
    expect(debianMirror(['URIs: https://deb.nodesource.com/node_20.x\n'])).toBeUndefined();
  });
});

describe('--kernel', () => {
  it('names a catalogue kernel or a bzImage path', () => {
    const noFile = (): boolean => false;
    expect(parseKernelSpec('6.12', noFile)).toMatchObject({ kind: 'catalogue', entry: { name: '6.12' } });
    expect(parseKernelSpec('sid', noFile)).toMatchObject({ kind: 'catalogue', entry: { repository: 'sid' } });
    expect(parseKernelSpec('./arch/x86/boot/bzImage', noFile)).toEqual({ kind: 'image', path: './arch/x86/boot/bzImage' });
    expect(parseKernelSpec('bzImage', (path) => path === 'bzImage')).toEqual({ kind: 'image', path: 'bzImage' });
    expect(() => parseKernelSpec('6.2', noFile)).toThrow(UsageError);
    expect(() => parseKernelSpec('6.2', noFile)).toThrow(/unknown kernel "6.2": use 6.1, 6.12, sid/);
  });
});
