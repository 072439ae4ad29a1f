/** Whether an ELF executable is statically linked (no PT_INTERP program header). */
export function isStaticElf(bytes: Uint8Array): boolean {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < 64 || file.toString('latin1', 0, 4) !== '\x7fELF') return false;
  const is64 = file[4] === 2;
  if (!is64 || file[5] !== 1) return false; // 64-bit little-endian only (x86-64 hosts)
  const programHeaderOffset = Number(file.readBigUInt64LE(0x20));
  const entrySize = file.readUInt16LE(0x36);
  const count = file.readUInt16LE(0x38);
  const interpreter = 3;
  for (let i = 0; i < count; i += 1) {
    const offset = programHeaderOffset + i * entrySize;
    if (offset + 4 > file.length) return false;
    if (file.readUInt32LE(offset) === interpreter) return false;
  }
  return true;
}

/**
 * Whether a 64-bit kernel ELF (vmlinux) has the Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY,
 * type 18 under the name "Xen"): qemu's -kernel then boots it directly, without the bzImage's
 * decompressor.
 */
export function hasPvhEntry(bytes: Uint8Array): boolean {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < 64 || file.toString('latin1', 0, 4) !== '\x7fELF' || file[4] !== 2 || file[5] !== 1) return false;
  const programHeaderOffset = Number(file.readBigUInt64LE(0x20));
  const entrySize = file.readUInt16LE(0x36);
  const count = file.readUInt16LE(0x38);
  const note = 4;
  for (let i = 0; i < count; i += 1) {
    const header = programHeaderOffset + i * entrySize;
    if (header + 0x30 > file.length) return false;
    if (file.readUInt32LE(header) !== note) continue;
    const start = Number(file.readBigUInt64LE(header + 0x08));
    const end = Math.min(file.length, start + Number(file.readBigUInt64LE(header + 0x20)));
    for (let at = start; at + 12 <= end; ) {
      const nameSize = file.readUInt32LE(at);
      const descriptionSize = file.readUInt32LE(at + 4);
      const type = file.readUInt32LE(at + 8);
      const name = file.toString('latin1', at + 12, at + 12 + nameSize);
      if (name === 'Xen\0' && type === 18) return true;
      at += 12 + align4(nameSize) + align4(descriptionSize);
    }
  }
  return false;
}

function align4(size: number): number {
  return (size + 3) & ~3;
}
