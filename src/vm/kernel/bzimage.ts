/**
 * Facts read from an x86 Linux boot image header (Documentation/arch/x86/boot.rst):
 * "HdrS" at 0x202, and at 0x20e the offset (minus 0x200) of the version string.
 */
export function bzImageRelease(header: Uint8Array): string | undefined {
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  if (bytes.length < 0x210 || bytes.toString('latin1', 0x202, 0x206) !== 'HdrS') return undefined;
  const versionOffset = bytes.readUInt16LE(0x20e) + 0x200;
  if (versionOffset >= bytes.length) return '';
  const end = bytes.indexOf(0, versionOffset);
  const version = bytes.toString('latin1', versionOffset, end < 0 ? bytes.length : end);
  return version.split(' ')[0] ?? '';
}

export function isBzImage(header: Uint8Array): boolean {
  return bzImageRelease(header) !== undefined;
}

export type PayloadFormat = 'gzip' | 'xz' | 'zstd' | 'lzma' | 'bzip2' | 'lz4' | 'lzo' | 'unknown';

const payloadMagic: readonly [PayloadFormat, readonly number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['lz4', [0x02, 0x21, 0x4c, 0x18]],
  ['lzo', [0x89, 0x4c, 0x5a, 0x4f]],
  ['lzma', [0x5d, 0x00, 0x00]],
];

/**
 * The compressed kernel a bzImage carries (boot protocol 2.08+): it starts payload_offset
 * (0x248) bytes into the protected-mode code, which follows the setup_sects (0x1f1) + 1
 * sectors of real-mode setup, and is payload_length (0x24c) bytes long.
 */
export function bzImagePayload(image: Uint8Array): { format: PayloadFormat; bytes: Buffer } | undefined {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.length < 0x250 || bzImageRelease(bytes.subarray(0, 0x4000)) === undefined) return undefined;
  if (bytes.readUInt16LE(0x206) < 0x208) return undefined;
  const setupSectors = bytes[0x1f1] === 0 ? 4 : (bytes[0x1f1] as number);
  const start = (setupSectors + 1) * 512 + bytes.readUInt32LE(0x248);
  const end = start + bytes.readUInt32LE(0x24c);
  if (end > bytes.length || end <= start) return undefined;
  const payload = bytes.subarray(start, end);
  const format = payloadMagic.find(([, magic]) => magic.every((byte, index) => payload[index] === byte))?.[0] ?? 'unknown';
  return { format, bytes: payload };
}
