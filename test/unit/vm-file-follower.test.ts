import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FileFollower } from '../../src/vm/file-follower.js';

let folder: string | undefined;
afterEach(() => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

function file(text: string): string {
  folder = mkdtempSync(join(tmpdir(), 'kcapi-follow-'));
  const path = join(folder, 'stdout');
  writeFileSync(path, text);
  return path;
}

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

describe('FileFollower', () => {
  it('copies what is appended while it follows, byte-exact', async () => {
    const path = file('one\n');
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const follower = new FileFollower(path, sink, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    appendFileSync(path, Buffer.from([0, 255, 10]));
    await follower.finish();
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([Buffer.from('one\n'), Buffer.from([0, 255, 10])]));
  });

  it('a reader that went away (EPIPE) ends the copy quietly: no rejection, finish() resolves', async () => {
    const path = file('first\n');
    const { sink, received } = failingSink(1, 'EPIPE');
    const follower = new FileFollower(path, sink, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    appendFileSync(path, 'second\n'.repeat(1000));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(follower.finish()).resolves.toBeUndefined();
    expect(Buffer.concat(received).toString()).toBe('first\n');
  });

  it('any other failure of the sink is reported by finish()', async () => {
    const path = file('first\n');
    const { sink } = failingSink(0, 'EIO');
    const follower = new FileFollower(path, sink, 5);
    await expect(follower.finish()).rejects.toMatchObject({ code: 'EIO' });
  });
});
