import { afterEach, describe, expect, it, vi } from 'vitest';
import { isInternalError, OperationError, UnsupportedError, UsageError } from '../../src/errors.js';
import { InvalidArgumentError, KernelError, KernelFailure } from '../../src/kernel/errors.js';
import { runAsJsonDocument } from '../../src/cli/json-result.js';
import { resultSchemaId, schemaById, validateDocument } from '../../src/cli/json-schemas.js';
import { reportError } from '../../src/cli/report.js';
import { BufferedOutput, CollectingOutput } from '../../src/ops/output.js';

function captureStderr(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return written;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('exit statuses and what is printed (docs/reference-cli.md §5, §10)', () => {
  it('usage error: status 2, one stderr line, stdout untouched', () => {
    const stderr = captureStderr();
    const output = new CollectingOutput();
    expect(reportError(new UsageError('bad -d'), output, true)).toBe(2);
    expect(output.text()).toBe('');
    expect(stderr).toEqual(['kcapi: bad -d (see kcapi --help)\n']);
  });

  it('operation failure: its stdout lines, then "Failed to invoke testing", status 1', () => {
    const stderr = captureStderr();
    const output = new CollectingOutput();
    output.line('8b19050f66582cb7f7e4b6c873819b71');
    const error = new OperationError('encryption failed: EINVAL', ['En/Decryption of buffer failed']);
    expect(reportError(error, output, true)).toBe(1);
    expect(output.text()).toBe('8b19050f66582cb7f7e4b6c873819b71\nEn/Decryption of buffer failed\nFailed to invoke testing\n');
    expect(stderr).toEqual(['kcapi: encryption failed: EINVAL\n']);
  });

  it('missing kernel support: status 3, the reference lines and the trailer', () => {
    captureStderr();
    const output = new CollectingOutput();
    const error = new UnsupportedError('no AF_ALG', { stdoutLines: ['Allocation of hash sha256 failed'] });
    expect(reportError(error, output, true)).toBe(3);
    expect(output.text()).toBe('Allocation of hash sha256 failed\nFailed to invoke testing\n');
  });

  it('subcommands: no trailer', () => {
    captureStderr();
    const output = new CollectingOutput();
    expect(reportError(new OperationError('vectors failed', []), output, false)).toBe(1);
    expect(output.text()).toBe('');
  });

  it('anything else is a bug: one "internal error" line, no trailer, no stack unless KCAPI_DEBUG, status 70', () => {
    const stderr = captureStderr();
    const saved = process.env.KCAPI_DEBUG;
    delete process.env.KCAPI_DEBUG;
    const output = new CollectingOutput();
    try {
      expect(reportError(new TypeError('x is undefined\n  at somewhere'), output, true)).toBe(70);
    } finally {
      if (saved !== undefined) process.env.KCAPI_DEBUG = saved;
    }
    expect(stderr).toEqual(['kcapi: internal error: x is undefined at somewhere\n']);
    expect(output.text()).toBe('');
  });

  it('with KCAPI_DEBUG set a bug shows its stack before the line', () => {
    const stderr = captureStderr();
    const saved = process.env.KCAPI_DEBUG;
    process.env.KCAPI_DEBUG = '1';
    try {
      expect(reportError(new TypeError('boom'), new CollectingOutput(), true)).toBe(70);
    } finally {
      if (saved === undefined) delete process.env.KCAPI_DEBUG;
      else process.env.KCAPI_DEBUG = saved;
    }
    expect(stderr).toHaveLength(2);
    expect(stderr[0]).toMatch(/^TypeError: boom\n\s+at /);
    expect(stderr[1]).toBe('kcapi: internal error: boom\n');
  });

  it('a kernel failure nobody wrapped is a failed operation, not a bug: status 1 and the trailer', () => {
    const failures = [
      new KernelError('recvmsg', 'EINVAL', -22),
      Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT', syscall: 'open' }),
      new KernelFailure('the kernel ended the output after 16 of 32 bytes'),
      new InvalidArgumentError('name is longer than 128 bytes'),
    ];
    for (const failure of failures) {
      const stderr = captureStderr();
      const output = new CollectingOutput();
      expect(reportError(failure, output, true), failure.message).toBe(1);
      expect(output.text()).toBe('Failed to invoke testing\n');
      expect(stderr).toEqual([`kcapi: ${failure.message}\n`]);
      vi.restoreAllMocks();
    }
  });

  it('what is a bug: untyped errors, Node errors without a system call, non-errors', () => {
    expect(isInternalError(new TypeError('x'))).toBe(true);
    expect(isInternalError(new RangeError('Invalid array length'))).toBe(true);
    expect(isInternalError(Object.assign(new RangeError('out of range'), { code: 'ERR_OUT_OF_RANGE' }))).toBe(true);
    expect(isInternalError('a string')).toBe(true);
    expect(isInternalError(new UsageError('x'))).toBe(false);
    expect(isInternalError(new OperationError('x'))).toBe(false);
    expect(isInternalError(new UnsupportedError('x'))).toBe(false);
  });

  it('--json: a bug is error.kind "internal" with status 70', async () => {
    captureStderr();
    const output = new CollectingOutput();
    const status = await runAsJsonDocument(output, async () => {
      throw new TypeError('x is undefined');
    });
    expect(status).toBe(70);
    const document = JSON.parse(output.lines[0]!) as { status: number; ok: boolean; error: unknown; lines: string[] };
    expect(validateDocument(schemaById(resultSchemaId), document)).toEqual([]);
    expect(document).toMatchObject({ status: 70, ok: false, error: { kind: 'internal', message: 'x is undefined' }, lines: [] });
  });

  it('--json: a kernel failure nobody wrapped is error.kind "operation" with status 1', async () => {
    captureStderr();
    const output = new CollectingOutput();
    const status = await runAsJsonDocument(output, async () => {
      throw new KernelError('recvmsg', 'EIO', -5);
    });
    expect(status).toBe(1);
    expect(JSON.parse(output.lines[0]!)).toMatchObject({ status: 1, error: { kind: 'operation', message: 'recvmsg EIO' } });
  });
});

describe('buffered output', () => {
  it('writes lines in large chunks and everything on flush', () => {
    const chunks: string[] = [];
    const output = new BufferedOutput((chunk) => chunks.push(chunk), 64);
    for (let i = 0; i < 10; i++) output.line('0123456789abcdef');
    expect(chunks.length).toBe(2);
    output.hexLine(Uint8Array.from([0, 255]), Uint8Array.from([16]));
    output.flush();
    output.flush();
    expect(chunks.join('')).toBe('0123456789abcdef\n'.repeat(10) + '00ff10\n');
  });
});
