import { describe, expect, it } from 'vitest';

import { afAlgStatus, isKernelError, KernelError, systemError, Transform } from '../../src/kernel/index.js';
import { native } from '../../src/native.js';

/** The failure the kernel gives here for binding an algorithm: EAFNOSUPPORT without AF_ALG, else ENOENT. */
function expectedBindFailure(): { code: string; errno: number; syscall: string } {
  const errno = native().probeAfAlg();
  return errno === 0
    ? { code: 'ENOENT', errno: -2, syscall: 'bind' }
    : { code: native().errnoName(errno), errno: -errno, syscall: 'socket' };
}

describe('kernel errors are Node-style system errors', () => {
  it('Transform.open reports the kernel failure with code, errno and syscall', () => {
    const expected = expectedBindFailure();
    let caught: unknown;
    try {
      Transform.open('skcipher', 'no-such-cipher(aes)');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KernelError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as KernelError;
    expect({ code: error.code, errno: error.errno, syscall: error.syscall }).toEqual(expected);
    expect(error.message).toBe(`${expected.syscall} ${expected.code}`);
    expect(error.name).toBe('KernelError');
    expect(error.stack).toContain('kernel-errors.test.ts');
    expect(isKernelError(error, expected.code)).toBe(true);
    expect(isKernelError(error, 'EBADMSG')).toBe(false);
  });

  it('afAlgStatus explains a kernel without AF_ALG (EAFNOSUPPORT, as on the project machines)', () => {
    const status = afAlgStatus();
    if (native().probeAfAlg() === 0) {
      expect(status).toEqual({ available: true });
      return;
    }
    expect(status).toEqual({
      available: false,
      code: 'EAFNOSUPPORT',
      errno: -97,
      reason: 'this kernel has no AF_ALG sockets (socket EAFNOSUPPORT)',
    });
    expect(() => Transform.open('hash', 'sha256')).toThrow(
      expect.objectContaining({ code: 'EAFNOSUPPORT', errno: -97, syscall: 'socket' }),
    );
  });

  it('systemError names errno values the kernel crypto API returns', () => {
    for (const [errno, code] of [
      [74, 'EBADMSG'],
      [126, 'ENOKEY'],
      [22, 'EINVAL'],
      [2, 'ENOENT'],
      [16, 'EBUSY'],
      [12, 'ENOMEM'],
    ] as const) {
      const error = systemError(-errno, 'recvmsg');
      expect(error).toBeInstanceOf(KernelError);
      expect([error.code, error.errno, error.syscall, error.message]).toEqual([code, -errno, 'recvmsg', `recvmsg ${code}`]);
      expect(systemError(errno, 'x').errno).toBe(-errno);
    }
  });

  it('names unknown errno values like Node does', () => {
    expect(native().errnoName(4242)).toBe('Unknown system error 4242');
  });

  it('cannot create an operation socket except by accept()', () => {
    const OperationSocket = native().OperationSocket as unknown as new () => unknown;
    expect(() => new OperationSocket()).toThrow(new TypeError('OperationSocket objects are created by accept()'));
  });
});
