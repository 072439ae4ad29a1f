import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { bzImageRelease } from '../../src/vm/bzimage.js';
import { isStaticElf } from '../../src/vm/elf.js';
import { FileFollower } from '../../src/vm/file-follower.js';
import { consoleTail } from '../../src/vm/guest-error.js';
import { terminalProgress } from '../../src/vm/progress.js';

const work = mkdtempSync(join(tmpdir(), 'kcapi-vmfiles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('bzImage header', () => {
  it('gives the release from the kernel_version string, and rejects other files', () => {
    const image = Buffer.alloc(0x800);
    image.write('HdrS', 0x202, 'latin1');
    image.writeUInt16LE(0x400, 0x20e);
    image.write('6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP\0', 0x600, 'latin1');
    expect(bzImageRelease(image)).toBe('6.1.0-56-amd64');
    expect(bzImageRelease(randomBytes(0x800))).toBeUndefined();
    expect(bzImageRelease(Buffer.alloc(10))).toBeUndefined();
  });
});

describe('ELF', () => {
  it('tells a static executable from a dynamic one', () => {
    expect(isStaticElf(readFileSync('/bin/sh'))).toBe(false);
    expect(isStaticElf(Buffer.from('#!/bin/sh\n'))).toBe(false);
    // Minimal 64-bit header with no program headers: nothing asks for an interpreter.
    const header = Buffer.alloc(64);
    header.write('\x7fELF', 0, 'latin1');
    header[4] = 2;
    header[5] = 1;
    expect(isStaticElf(header)).toBe(true);
  });
});

describe('console tail', () => {
  it('drops escape sequences, carriage returns and blank lines', () => {
    const text = '\x1bc\x1b[?7l\x1b[2J\x1b[0mSeaBIOS\r\n\r\nBooting from ROM..\r\n[    1.0] Kernel panic - not syncing\r\n';
    expect(consoleTail(text)).toEqual(['SeaBIOS', 'Booting from ROM..', '[    1.0] Kernel panic - not syncing']);
    expect(consoleTail('a\nb\nc\n', 2)).toEqual(['b', 'c']);
  });
});

describe('file follower', () => {
  it('copies every byte a writer appends, in order, through a slow sink', async () => {
    const file = join(work, 'out');
    writeFileSync(file, '');
    const received: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk);
        setTimeout(callback, 1);
      },
    });
    const follower = new FileFollower(file, sink, 5);
    const written = createHash('sha256');
    for (let i = 0; i < 20; i += 1) {
      const chunk = randomBytes(1 + ((i * 7919) % 70_000));
      written.update(chunk);
      appendFileSync(file, chunk);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await follower.finish();
    expect(createHash('sha256').update(Buffer.concat(received)).digest('hex')).toBe(written.digest('hex'));
  });
});

describe('progress', () => {
  it('rewrites one line on a terminal and stays silent otherwise', () => {
    const writes: string[] = [];
    const terminal = { isTTY: true, columns: 60, write: (text: string) => writes.push(text) > 0 };
    const progress = terminalProgress(terminal);
    progress.show('downloading linux-image', 0.5);
    progress.show('downloading linux-image', 0.5);
    progress.clear();
    expect(writes).toEqual(['\r\x1b[Kkcapi vm: downloading linux-image 50%', '\r\x1b[K']);
    const pipe = new PassThrough();
    terminalProgress(pipe).show('x');
    expect(pipe.read()).toBeNull();
  });
});
