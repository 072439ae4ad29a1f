import { afterEach, describe, expect, it, vi } from 'vitest';
import { OperationError, UnsupportedError, UsageError } from '../../src/errors.js';
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

  it('anything else is a bug: one line, no stack unless KCAPI_DEBUG, status 1', () => {
    const stderr = captureStderr();
    const saved = process.env.KCAPI_DEBUG;
    delete process.env.KCAPI_DEBUG;
    try {
      expect(reportError(new TypeError('x is undefined\n  at somewhere'), new CollectingOutput(), true)).toBe(1);
    } finally {
      if (saved !== undefined) process.env.KCAPI_DEBUG = saved;
    }
    expect(stderr).toEqual(['kcapi: internal error: x is undefined at somewhere\n']);
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
