/** A minimal writer of the "newc" cpio format, the one the kernel unpacks as an initramfs. */

export type CpioEntry =
  | { readonly type: 'directory'; readonly path: string; readonly mode?: number }
  | { readonly type: 'file'; readonly path: string; readonly data: Uint8Array; readonly mode?: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string }
  | { readonly type: 'char-device'; readonly path: string; readonly major: number; readonly minor: number; readonly mode?: number };

const fileType = { directory: 0o040000, file: 0o100000, symlink: 0o120000, 'char-device': 0o020000 } as const;
const defaultMode = { directory: 0o755, file: 0o644, symlink: 0o777, 'char-device': 0o600 } as const;

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function padTo4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function record(inode: number, entry: CpioEntry | undefined, name: string): Buffer[] {
  const data =
    entry === undefined
      ? Buffer.alloc(0)
      : entry.type === 'file'
        ? Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength)
        : entry.type === 'symlink'
          ? Buffer.from(entry.target)
          : Buffer.alloc(0);
  const mode =
    entry === undefined ? 0 : fileType[entry.type] | ('mode' in entry && entry.mode !== undefined ? entry.mode : defaultMode[entry.type]);
  const device = entry?.type === 'char-device' ? entry : { major: 0, minor: 0 };
  const nameBytes = Buffer.from(`${name}\0`);
  const header = Buffer.from(
    [
      '070701',
      hex8(inode),
      hex8(mode),
      hex8(0), // uid
      hex8(0), // gid
      hex8(entry?.type === 'directory' ? 2 : 1), // nlink
      hex8(0), // mtime: fixed, so that equal content gives equal archives
      hex8(data.length),
      hex8(0), // dev major
      hex8(0), // dev minor
      hex8(device.major),
      hex8(device.minor),
      hex8(nameBytes.length),
      hex8(0), // check
    ].join(''),
  );
  const headerAndName = header.length + nameBytes.length;
  return [header, nameBytes, padTo4(headerAndName), data, padTo4(data.length)];
}

/** The archive for `entries` (paths without a leading slash; parents before children). */
export function cpioArchive(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((entry, index) => parts.push(...record(index + 1, entry, entry.path.replace(/^\/+/, ''))));
  parts.push(...record(0, undefined, 'TRAILER!!!'));
  return Buffer.concat(parts);
}
