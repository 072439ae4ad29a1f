interface ProgramHeader {
  readonly type: number;
  readonly offset: number;
  readonly fileSize: number;
}

const programHeaderType = { interpreter: 3, note: 4 } as const;

/** The program headers of a 64-bit little-endian ELF (x86-64 hosts), or undefined for anything else. */
function programHeaders(bytes: Uint8Array): { file: Buffer; headers: ProgramHeader[] } | undefined {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < 64 || file.toString('latin1', 0, 4) !== '\x7fELF' || file[4] !== 2 || file[5] !== 1) return undefined;
  const tableOffset = Number(file.readBigUInt64LE(0x20));
  const entrySize = file.readUInt16LE(0x36);
  const count = file.readUInt16LE(0x38);
  const headers: ProgramHeader[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = tableOffset + i * entrySize;
    if (at + 0x28 > file.length) return undefined;
    headers.push({
      type: file.readUInt32LE(at),
      offset: Number(file.readBigUInt64LE(at + 0x08)),
      fileSize: Number(file.readBigUInt64LE(at + 0x20)),
    });
  }
  return { file, headers };
}

/** Whether an ELF executable is statically linked (no PT_INTERP program header). */
export function isStaticElf(bytes: Uint8Array): boolean {
  const elf = programHeaders(bytes);
  return elf !== undefined && elf.headers.every((header) => header.type !== programHeaderType.interpreter);
}

/**
 * Whether a 64-bit kernel ELF (vmlinux) has the Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY,
 * type 18 under the name "Xen"): qemu's -kernel then boots it directly, without the bzImage's
 * decompressor.
 */
export function hasPvhEntry(bytes: Uint8Array): boolean {
  const elf = programHeaders(bytes);
  if (elf === undefined) return false;
  const { file } = elf;
  for (const header of elf.headers.filter((candidate) => candidate.type === programHeaderType.note)) {
    const end = Math.min(file.length, header.offset + header.fileSize);
    for (let at = header.offset; at + 12 <= end;) {
      const nameSize = file.readUInt32LE(at);
      const descriptionSize = file.readUInt32LE(at + 4);
      const type = file.readUInt32LE(at + 8);
      if (type === 18 && file.toString('latin1', at + 12, at + 12 + nameSize) === 'Xen\0') return true;
      at += 12 + align4(nameSize) + align4(descriptionSize);
    }
  }
  return false;
}

function align4(size: number): number {
  return (size + 3) & ~3;
}
