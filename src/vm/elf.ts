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
