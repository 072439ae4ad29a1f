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
