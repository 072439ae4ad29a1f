import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runInGuest, type RunInGuestOptions } from '../../src/vm/index.js';

/** A Writable that keeps everything written to it. */
export class Capture extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  text(): string {
    return this.bytes().toString();
  }
}

export interface GuestResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

export async function guest(options: Omit<RunInGuestOptions, 'stdout' | 'stderr'>): Promise<GuestResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const status = await runInGuest({ accel: 'auto', ...options, stdout, stderr });
  return { status, stdout: stdout.bytes(), stderr: stderr.bytes() };
}

export function temporaryDirectory(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Python's socket module speaks AF_ALG: it binds each algorithm in the guest and prints
 * `NAME ok` or `NAME errno=N`. (Generic names make the kernel request their modules.)
 */
export const bindScript = `
import socket, sys
for kind, name in [(a.split(':')[0], a.split(':', 1)[1]) for a in sys.argv[1:]]:
    s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
    try:
        s.bind((kind, name))
        print(name, 'ok')
    except OSError as e:
        print(name, 'errno=%d' % e.errno)
    finally:
        s.close()
`;

export function writeScript(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** `key=value` lines → object. */
export function facts(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

export const onDemandAlgorithms = [
  'aead:gcm(aes)',
  'aead:ccm(aes)',
  'skcipher:xts(aes)',
  'skcipher:ctr(aes)',
  'skcipher:cbc(des3_ede)',
  'hash:cmac(aes)',
];
