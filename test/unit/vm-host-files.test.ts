import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { bzImagePayload, bzImageRelease } from '../../src/vm/kernel/bzimage.js';
import { hasPvhEntry, isStaticElf } from '../../src/vm/kernel/elf.js';
import { FileFollower } from '../../src/vm/host/file-follower.js';
import { consoleTail } from '../../src/vm/plan/guest-error.js';
import { terminalProgress } from '../../src/vm/host/progress.js';

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

describe('bzImage payload', () => {
  /** A header of boot protocol 2.15 with `setup` setup sectors and the payload at `offset` after them. */
  function imageWith(payload: Buffer, setup: number, offset: number): Buffer {
    const start = (setup + 1) * 512;
    const image = Buffer.alloc(start + offset + payload.length + 64);
    image.write('HdrS', 0x202, 'latin1');
    image.writeUInt16LE(0x020f, 0x206);
    image.writeUInt16LE(0x400, 0x20e);
    image.write('6.1.0-56-amd64 #1\0', 0x600, 'latin1');
    image[0x1f1] = setup;
    image.writeUInt32LE(offset, 0x248);
    image.writeUInt32LE(payload.length, 0x24c);
    payload.copy(image, start + offset);
    return image;
  }

  it('finds the compressed kernel and names its format from the magic bytes', () => {
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), randomBytes(100)]);
    const found = bzImagePayload(imageWith(xz, 27, 0x3c5));
    expect(found?.format).toBe('xz');
    expect(found?.bytes.equals(xz)).toBe(true);
    expect(bzImagePayload(imageWith(Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(40)]), 30, 0x100))?.format).toBe(
      'zstd',
    );
    expect(bzImagePayload(imageWith(Buffer.from('not compressed at all'), 4, 0))?.format).toBe('unknown');
  });

  it('refuses what is not a bzImage, an old boot protocol, or a payload past the end', () => {
    expect(bzImagePayload(randomBytes(0x1000))).toBeUndefined();
    const old = imageWith(randomBytes(10), 4, 0);
    old.writeUInt16LE(0x0204, 0x206);
    expect(bzImagePayload(old)).toBeUndefined();
    const truncated = imageWith(randomBytes(10), 4, 0);
    truncated.writeUInt32LE(1 << 30, 0x24c);
    expect(bzImagePayload(truncated)).toBeUndefined();
  });
});

describe('PVH entry note', () => {
  /** A 64-bit ELF whose one program header is a PT_NOTE holding `notes`. */
  function elfWithNotes(notes: { name: string; type: number; description: Buffer }[]): Buffer {
    const pad = (buffer: Buffer): Buffer => Buffer.concat([buffer, Buffer.alloc((4 - (buffer.length % 4)) % 4)]);
    const body = Buffer.concat(
      notes.map(({ name, type, description }) => {
        const fields = Buffer.alloc(12);
        fields.writeUInt32LE(name.length + 1, 0);
        fields.writeUInt32LE(description.length, 4);
        fields.writeUInt32LE(type, 8);
        return Buffer.concat([fields, pad(Buffer.from(`${name}\0`, 'latin1')), pad(description)]);
      }),
    );
    const header = Buffer.alloc(64 + 56);
    header.write('\x7fELF', 0, 'latin1');
    header[4] = 2;
    header[5] = 1;
    header.writeBigUInt64LE(64n, 0x20);
    header.writeUInt16LE(56, 0x36);
    header.writeUInt16LE(1, 0x38);
    header.writeUInt32LE(4, 64);
    header.writeBigUInt64LE(BigInt(header.length), 64 + 0x08);
    header.writeBigUInt64LE(BigInt(body.length), 64 + 0x20);
    return Buffer.concat([header, body]);
  }

  it('is found among the Xen notes (type 18, XEN_ELFNOTE_PHYS32_ENTRY)', () => {
    const entry = Buffer.alloc(4);
    expect(
      hasPvhEntry(
        elfWithNotes([
          { name: 'GNU', type: 3, description: randomBytes(20) },
          { name: 'Xen', type: 6, description: Buffer.from('linux\0') },
          { name: 'Xen', type: 18, description: entry },
        ]),
      ),
    ).toBe(true);
  });

  it('is absent from a kernel without it, from other names with type 18, and from non-ELF data', () => {
    expect(hasPvhEntry(elfWithNotes([{ name: 'Xen', type: 6, description: Buffer.from('linux\0') }]))).toBe(false);
    expect(hasPvhEntry(elfWithNotes([{ name: 'GNU', type: 18, description: Buffer.alloc(4) }]))).toBe(false);
    expect(hasPvhEntry(readFileSync('/bin/sh'))).toBe(false);
    expect(hasPvhEntry(randomBytes(200))).toBe(false);
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

  /** A sink that takes `accept` writes, then fails every later one with `code`, without draining. */
  function failingSink(accept: number, code: string): { sink: Writable; received: Buffer[] } {
    const received: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        if (received.length < accept) {
          received.push(chunk);
          callback();
          return;
        }
        callback(Object.assign(new Error(`write ${code}`), { code }));
      },
    });
    sink.on('error', () => {});
    return { sink, received };
  }

  it('a reader that went away (EPIPE) ends the copy quietly: no rejection, finish() resolves', async () => {
    const file = join(work, 'epipe');
    writeFileSync(file, 'first\n');
    const { sink, received } = failingSink(1, 'EPIPE');
    const follower = new FileFollower(file, sink, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    appendFileSync(file, 'second\n'.repeat(1000));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(follower.finish()).resolves.toBeUndefined();
    expect(Buffer.concat(received).toString()).toBe('first\n');
  });

  it('any other failure of the sink is reported by finish()', async () => {
    const file = join(work, 'eio');
    writeFileSync(file, 'first\n');
    const follower = new FileFollower(file, failingSink(0, 'EIO').sink, 5);
    await expect(follower.finish()).rejects.toMatchObject({ code: 'EIO' });
  });
});

describe('progress', () => {
  it('rewrites one line on a terminal', () => {
    const writes: string[] = [];
    const terminal = { isTTY: true, columns: 60, write: (text: string) => writes.push(text) > 0 };
    const progress = terminalProgress(terminal);
    progress.show('downloading linux-image', 0.5);
    progress.show('downloading linux-image', 0.5);
    progress.clear();
    expect(writes).toEqual(['\r\x1b[Kkcapi vm: downloading linux-image 50%', '\r\x1b[K']);
  });

  it('elsewhere prints one plain line per set-up step, and routine steps only after set-up work', () => {
    const cached = new PassThrough();
    const quiet = terminalProgress(cached);
    quiet.routine('booting 6.1 (tcg)');
    quiet.clear();
    expect(cached.read()).toBeNull();

    const first = new PassThrough();
    const progress = terminalProgress(first);
    progress.show('downloading linux-image', 0.1);
    progress.show('downloading linux-image', 0.9);
    progress.show('unpacking linux-image.deb');
    progress.routine('booting 6.1 (tcg)');
    progress.clear();
    expect(String(first.read())).toBe(
      'kcapi vm: downloading linux-image\nkcapi vm: unpacking linux-image.deb\nkcapi vm: booting 6.1 (tcg)\n',
    );
  });
});
