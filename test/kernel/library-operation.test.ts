import { createCipheriv, createHash } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';
import { existsSync, readlinkSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { KernelError, Transform, type Operation } from '../../src/kernel/index.js';
import { native } from '../../src/native.js';
import { hex, requireAfAlg } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

function cbcReference(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** What a descriptor refers to now ('socket:[inode]'), or 'closed'. */
function describeFd(fd: number): string {
  return existsSync(`/proc/self/fd/${fd}`) ? readlinkSync(`/proc/self/fd/${fd}`) : 'closed';
}

function withCbc<T>(key: Buffer, use: (operation: Operation, transform: Transform) => T): T {
  const transform = Transform.open('skcipher', 'cbc(aes)');
  try {
    transform.setKey(key);
    return use(transform.accept(), transform);
  } finally {
    transform.close();
  }
}

describe('Operation: one system call per method', () => {
  it('send with MSG_MORE pieces then one read equals one message', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(96);
    withCbc(key, (operation) => {
      expect(operation.send(data.subarray(0, 5), { op: 'encrypt', iv, more: true })).toBe(5);
      expect(operation.send(data.subarray(5, 32), { more: true })).toBe(27);
      expect(operation.send(data.subarray(32))).toBe(64);
      expect(hex(operation.read(96))).toBe(hex(cbcReference(key, iv, data)));
    });
  });

  it('control messages alone (null data) start a request', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(32);
    withCbc(key, (operation) => {
      expect(operation.send(null, { op: 'encrypt', iv, more: true })).toBe(0);
      operation.send(data);
      expect(operation.read(32).equals(cbcReference(key, iv, data))).toBe(true);
    });
  });

  it('sendSpliced moves unaligned data of many pipe-fulls through vmsplice and splice', () => {
    const key = randomBytes(32);
    const iv = randomBytes(16);
    // Starts 3 bytes into a page-aligned block: every pipe-full spans one page more than it fills.
    const backing = native().allocAligned(150 * 1024 + 3);
    const data = backing.subarray(3);
    data.set(randomBytes(data.length - (data.length % 16)));
    const message = data.subarray(0, data.length - (data.length % 16));
    withCbc(key, (operation) => {
      expect(operation.sendSpliced(message.subarray(0, 4096 + 16), { op: 'encrypt', iv, more: true })).toBe(4112);
      expect(operation.sendSpliced(message.subarray(4112))).toBe(message.length - 4112);
      expect(operation.read(message.length).equals(cbcReference(key, iv, message))).toBe(true);
      // 16 bytes, the CLI's common case
      expect(operation.sendSpliced(message.subarray(0, 16), { op: 'encrypt', iv })).toBe(16);
      expect(operation.read(16).equals(cbcReference(key, iv, message.subarray(0, 16)))).toBe(true);
    });
  });

  it("reads into page-aligned memory or into the caller's view", () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(8192);
    withCbc(key, (operation) => {
      operation.send(data, { op: 'encrypt', iv });
      const aligned = operation.read(8192, { aligned: true });
      expect(native().pageOffset(aligned)).toBe(0);
      expect(aligned.equals(cbcReference(key, iv, data))).toBe(true);
      const target = Buffer.alloc(8192 + 10, 0xee);
      operation.send(data, { op: 'encrypt', iv });
      expect(operation.readInto(target.subarray(5, 5 + 8192))).toBe(8192);
      expect(target.subarray(5, 5 + 8192).equals(aligned)).toBe(true);
      expect(target[4]).toBe(0xee);
      expect(target[5 + 8192]).toBe(0xee);
    });
  });

  it('async variants run on the thread pool and give the same bytes', async () => {
    const key = randomBytes(24);
    const iv = randomBytes(16);
    const data = randomBytes(65536);
    const transform = Transform.open('skcipher', 'cbc(aes)');
    try {
      transform.setKey(key);
      const operation = transform.accept();
      expect(await operation.sendAsync(data, { op: 'encrypt', iv })).toBe(65536);
      expect((await operation.readAsync(65536)).equals(cbcReference(key, iv, data))).toBe(true);
      expect(await operation.sendSplicedAsync(data.subarray(1), { op: 'encrypt', iv, more: true })).toBe(65535);
      expect(await operation.sendAsync(data.subarray(0, 1))).toBe(1);
      const target = Buffer.alloc(65536);
      expect(await operation.readIntoAsync(target)).toBe(65536);
      expect(target.equals(cbcReference(key, iv, Buffer.concat([data.subarray(1), data.subarray(0, 1)])))).toBe(true);
    } finally {
      transform.close();
    }
  });

  it('accept() on a hash operation socket clones its state', () => {
    const transform = Transform.open('hash', 'sha256');
    try {
      const operation = transform.accept();
      operation.send(Buffer.from('a'), { more: true });
      const clone = operation.accept();
      clone.send(Buffer.from('bc'));
      operation.send(Buffer.from('xy'));
      expect(hex(clone.read(32))).toBe(createHash('sha256').update('abc').digest('hex'));
      expect(hex(operation.read(64))).toBe(createHash('sha256').update('axy').digest('hex'));
    } finally {
      transform.close();
    }
  });

  it('exposes the descriptor of a socket', () => {
    withCbc(randomBytes(16), (operation, transform) => {
      for (const fd of [operation.fd, transform.fd]) {
        expect(fd).toBeGreaterThan(2);
        expect(readlinkSync(`/proc/self/fd/${fd}`)).toMatch(/^socket:\[\d+\]$/);
      }
      expect(operation.fd).not.toBe(transform.fd);
    });
  });

  it('grows the socket buffers on request', () => {
    withCbc(randomBytes(16), (operation) => {
      const before = operation.socketBuffers;
      const after = operation.growSocketBuffers({ send: before.send + 65536, receive: before.receive + 65536 });
      expect(after.send).toBeGreaterThanOrEqual(before.send + 65536);
      expect(after.receive).toBeGreaterThanOrEqual(before.receive + 65536);
    });
  });
});

describe('Operation.repeat: the -d loop in the addon', () => {
  it('runs the request loops times, each result in its slot, by sendmsg and by vmsplice', () => {
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const data = randomBytes(48);
    const expected = cbcReference(key, iv, data);
    for (const vmsplice of [false, true]) {
      const run = withCbc(key, (operation) => operation.repeat(data, { op: 'encrypt', iv, vmsplice }, 5, data.length));
      expect(run.error).toBeUndefined();
      expect(run.completed).toBe(5);
      expect(run.output).toEqual(Buffer.concat(Array.from({ length: 5 }, () => expected)));
      expect(run.nanoseconds).toBeGreaterThan(0n);
    }
  });

  it('without an IV per request the kernel carries the chain from one request to the next', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(32);
    const run = withCbc(key, (operation) => {
      operation.send(null, { op: 'encrypt', iv, more: true });
      return operation.repeat(data, { more: false }, 3, data.length);
    });
    expect(run.output).toEqual(cbcReference(key, iv, Buffer.concat([data, data, data])));
  });

  it('stops at the first failure and gives it as a system error with what completed before', () => {
    const run = withCbc(randomBytes(16), (operation) => operation.repeat(randomBytes(15), { op: 'encrypt', iv: randomBytes(16) }, 4, 15));
    expect(run.completed).toBe(0);
    expect(run.output.length).toBe(0);
    expect(run.error).toBeInstanceOf(KernelError);
    expect(run.error).toMatchObject({ code: 'EINVAL', syscall: 'read' });
  });

  it('refuses impossible shapes before any system call', () => {
    withCbc(randomBytes(16), (operation) => {
      expect(() => operation.repeat(randomBytes(16), { op: 'encrypt' }, 0, 16)).toThrow(RangeError);
      expect(() => operation.repeat(randomBytes(16), { op: 'encrypt' }, 2, 0)).toThrow(RangeError);
    });
  });
});

describe('closing', () => {
  it('closing a transform closes its operation sockets, including clones', () => {
    const transform = Transform.open('hash', 'sha1');
    const first = transform.accept();
    const second = transform.accept();
    const clone = first.accept();
    const sockets = [transform, first, second, clone].map((socket) => [socket.fd, describeFd(socket.fd)] as const);
    transform.close();
    for (const socket of [transform, first, second, clone]) {
      expect(socket.closed).toBe(true);
      expect(socket.fd).toBe(-1);
    }
    for (const [fd, before] of sockets) expect(describeFd(fd), `fd ${fd} was ${before}`).not.toBe(before);
  });

  it('close() is idempotent, and later calls fail with EBADF instead of crashing', async () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    transform.setKey(randomBytes(16));
    const operation = transform.accept();
    operation.close();
    operation.close();
    const calls: Array<[() => unknown, string]> = [
      [() => operation.send(new Uint8Array(16)), 'sendmsg'],
      [() => operation.sendSpliced(new Uint8Array(16)), 'splice'],
      [() => operation.read(16), 'read'],
      [() => operation.accept(), 'accept'],
      [() => operation.socketBuffers, 'getsockopt'],
    ];
    for (const [call, syscall] of calls) {
      expect(call).toThrow(expect.objectContaining({ code: 'EBADF', errno: -9, syscall }));
    }
    await expect(operation.readAsync(16)).rejects.toMatchObject({ code: 'EBADF', syscall: 'read' });
    transform.close();
    transform.close();
    expect(() => transform.accept()).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'accept' }));
    expect(() => transform.setKey(new Uint8Array(16))).toThrow(KernelError);
  });

  it('close() during a pending async call keeps the descriptor until the call ends', async () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(65536);
    const transform = Transform.open('skcipher', 'cbc(aes)');
    transform.setKey(key);
    const operation = transform.accept();
    operation.send(data, { op: 'encrypt', iv });
    const pending = operation.readAsync(65536);
    transform.close();
    expect(operation.closed).toBe(true);
    expect((await pending).equals(cbcReference(key, iv, data))).toBe(true);
    expect(operation.fd).toBe(-1);
  });

  it('using declarations close through Symbol.dispose', () => {
    const opened: Array<[number, string]> = [];
    {
      using transform = Transform.open('hash', 'sha256');
      using operation = transform.accept();
      opened.push([transform.fd, describeFd(transform.fd)], [operation.fd, describeFd(operation.fd)]);
    }
    for (const [fd, before] of opened) {
      expect(before).toMatch(/^socket:/);
      expect(describeFd(fd)).not.toBe(before);
    }
  });
});
