import { execFileSync } from 'node:child_process';
import { randomBytes } from '../helpers/seeded-random.js';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ringDoorbell, runRequest, sweepAbandonedRequests, type RequestOutcome } from '../../src/vm/persistent/guest-request.js';
import { serve } from '../../src/vm/guest/guest-server.js';
import { jobScript } from '../../src/vm/guest/guest-scripts.js';
import { isAlive } from '../../src/vm/host/process-check.js';
import { exitStatusOf, isPublishedRequest, newRequestId, parseStatus, requestLayout } from '../../src/vm/protocol/request-protocol.js';

class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

describe('request protocol pieces', () => {
  it('reports exit codes and signals as a shell does', () => {
    expect(exitStatusOf(0, null)).toBe(0);
    expect(exitStatusOf(7, null)).toBe(7);
    expect(exitStatusOf(null, 'SIGKILL')).toBe(137);
    expect(exitStatusOf(null, 'SIGTERM')).toBe(143);
  });

  it('reads a status only once it is complete', () => {
    expect(parseStatus('')).toBeUndefined();
    expect(parseStatus('12')).toBeUndefined();
    expect(parseStatus('12\n')).toBe(12);
    expect(parseStatus('x\n')).toBeUndefined();
  });

  it('tells published requests from drafts and the stop marker', () => {
    const id = newRequestId(4242);
    expect(id).toMatch(/^4242-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(newRequestId(4242)).not.toBe(id);
    expect(isPublishedRequest(id)).toBe(true);
    expect(isPublishedRequest(`${requestLayout.newPrefix}${id}`)).toBe(false);
    expect(isPublishedRequest(requestLayout.stop)).toBe(false);
  });
});

// The guest's server runs here on the host, against a plain folder: the same code, the same
// files. Its own look-up period is a minute: requests only get served because the doorbell
// (a FIFO, as on the host side of qemu's pipe) rings.
describe('a server and its clients over a control folder', () => {
  const control = mkdtempSync(join(tmpdir(), 'kcapi-vm-protocol-'));
  const doorbell = join(control, 'doorbell');
  const data = mkdtempSync(join(tmpdir(), 'kcapi-vm-protocol-data-'));
  let served: Promise<void>;
  let qemuSide = -1;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', MARK: 'it is "quoted" & spaced' };

  const request = async (
    command: string[],
    options: { signal?: AbortSignal; acceptLimitMs?: number; controlDir?: string } = {},
  ): Promise<{ outcome: RequestOutcome; stdout: Buffer; stderr: Buffer }> => {
    const stdout = new Capture();
    const stderr = new Capture();
    const outcome = await runRequest({
      controlDir: options.controlDir ?? control,
      job: jobScript({ command, cwd: data, env }),
      stdout,
      stderr,
      acceptLimitMs: options.acceptLimitMs ?? 10_000,
      guestAlive: () => true,
      signal: options.signal,
      doorbell: options.controlDir === undefined ? doorbell : undefined,
    });
    return { outcome, stdout: stdout.bytes(), stderr: stderr.bytes() };
  };

  beforeAll(async () => {
    execFileSync('mkfifo', [doorbell]);
    // As qemu does: hold the FIFO open read-write, so that rings never fail.
    qemuSide = openSync(doorbell, constants.O_RDWR | constants.O_NONBLOCK);
    served = serve({ controlDir: control, doorbell, pollMs: 60_000 });
    for (let i = 0; i < 500 && !existsSync(join(control, requestLayout.ready)); i++) await new Promise((r) => setTimeout(r, 10));
  });

  afterAll(async () => {
    writeFileSync(join(control, requestLayout.requests, requestLayout.stop), '');
    expect(ringDoorbell(doorbell)).toBe(true);
    await served;
    closeSync(qemuSide);
    rmSync(control, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it('passes binary stdout and stderr byte-exact and separate, the exit status and cwd/env', async () => {
    const out = randomBytes(300_000);
    const err = randomBytes(70_001);
    writeFileSync(join(data, 'out.bin'), out);
    writeFileSync(join(data, 'err.bin'), err);
    const result = await request(['sh', '-c', 'cat out.bin; cat err.bin >&2; printf "%s|%s" "$PWD" "$MARK"; exit 3']);
    expect(result.outcome).toEqual({ kind: 'finished', status: 3 });
    expect(result.stdout.equals(Buffer.concat([out, Buffer.from(`${data}|${env.MARK}`)]))).toBe(true);
    expect(result.stderr.equals(err)).toBe(true);
    expect(readdirSync(join(control, requestLayout.requests))).toEqual([]);
  });

  it('runs concurrent requests side by side without mixing their outputs', async () => {
    // A rendezvous: each job waits for the other to have started, so they finish only together.
    const waitFor = (file: string): string => `n=0; until [ -e ${file} ]; do n=$((n+1)); [ $n -gt 400 ] && exit 99; sleep 0.05; done`;
    rmSync(join(data, 'a-started'), { force: true });
    rmSync(join(data, 'b-started'), { force: true });
    const results = await Promise.all([
      request(['sh', '-c', `touch a-started; ${waitFor('b-started')}; echo first; echo first-err >&2; exit 4`]),
      request(['sh', '-c', `touch b-started; ${waitFor('a-started')}; echo second; exit 5`]),
      request(['sh', '-c', 'echo third >&2']),
    ]);
    expect(results.map((r) => [r.outcome, r.stdout.toString(), r.stderr.toString()])).toEqual([
      [{ kind: 'finished', status: 4 }, 'first\n', 'first-err\n'],
      [{ kind: 'finished', status: 5 }, 'second\n', ''],
      [{ kind: 'finished', status: 0 }, '', 'third\n'],
    ]);
  });

  it('reports a missing command as the one-shot runner does', async () => {
    const result = await request(['kcapi-no-such-command']);
    expect(result.outcome).toEqual({ kind: 'finished', status: 127 });
    expect(result.stderr.toString()).toBe('kcapi: command not found in the guest: kcapi-no-such-command\n');
  });

  it('kills a cancelled job with its children and rejects', async () => {
    const controller = new AbortController();
    const marker = join(data, 'child-pid');
    setTimeout(() => controller.abort(new Error('stopped by SIGINT')), 300);
    const started = performance.now();
    await expect(request(['sh', '-c', `sleep 30 & echo $! > ${marker}; wait`], { signal: controller.signal })).rejects.toThrow(
      'stopped by SIGINT',
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    const child = Number(readFileSync(marker, 'utf8'));
    for (let i = 0; i < 100 && isAlive(child); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(child)).toBe(false);
  });

  it('withdraws a request nobody claims, and reports a guest gone while waiting', async () => {
    const idle = mkdtempSync(join(tmpdir(), 'kcapi-vm-idle-'));
    mkdirSync(join(idle, requestLayout.requests));
    try {
      const result = await request(['true'], { controlDir: idle, acceptLimitMs: 100 });
      expect(result.outcome).toEqual({ kind: 'not-accepted' });
      expect(readdirSync(join(idle, requestLayout.requests))).toEqual([]);
      const gone = await runRequest({
        controlDir: idle,
        job: 'exit 0\n',
        stdout: new Capture(),
        stderr: new Capture(),
        acceptLimitMs: 60_000,
        guestAlive: () => false,
      });
      expect(gone).toEqual({ kind: 'guest-gone' });
    } finally {
      rmSync(idle, { recursive: true, force: true });
    }
  });

  it('tells that nobody reads a doorbell', () => {
    const lonely = join(data, 'lonely-fifo');
    execFileSync('mkfifo', [lonely]);
    expect(ringDoorbell(lonely)).toBe(false);
    expect(ringDoorbell(join(data, 'no-such-fifo'))).toBe(false);
  });

  it('sweeps requests whose host process died', async () => {
    const requests = join(control, requestLayout.requests);
    const orphan = join(requests, 'orphan-1');
    mkdirSync(join(orphan, requestLayout.claim), { recursive: true });
    writeFileSync(join(orphan, requestLayout.owner), '999999999\n');
    writeFileSync(join(orphan, requestLayout.status), '0\n');
    const mine = join(requests, '.new-mine');
    mkdirSync(mine);
    writeFileSync(join(mine, requestLayout.owner), `${process.pid}\n`);
    await sweepAbandonedRequests(control);
    expect(readdirSync(requests)).toEqual(['.new-mine']);
    rmSync(mine, { recursive: true });
  });
});
