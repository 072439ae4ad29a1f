import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpioArchive } from '../../src/vm/initramfs/cpio.js';

const work = mkdtempSync(join(tmpdir(), 'kcapi-cpio-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('newc cpio writer', () => {
  const payload = Buffer.from(Array.from({ length: 1001 }, (_, i) => (i * 7) & 0xff));
  const archive = cpioArchive([
    { type: 'directory', path: 'bin' },
    { type: 'file', path: 'bin/tool', data: payload, mode: 0o755 },
    { type: 'symlink', path: 'bin/sh', target: 'tool' },
    { type: 'file', path: '/init', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    { type: 'char-device', path: 'console', major: 5, minor: 1 },
  ]);

  it('is read back by GNU cpio with names, types, modes and content intact', () => {
    const file = join(work, 'a.cpio');
    writeFileSync(file, archive);
    const listing = spawnSync('cpio', ['-itv', '--quiet', '-F', file], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    const lines = listing.stdout.trim().split('\n');
    expect(lines.map((line) => line.replace(/^.* 1970 /, ''))).toEqual(['bin', 'bin/tool', 'bin/sh -> tool', 'init', 'console']);
    expect(lines[1]).toMatch(/^-rwxr-xr-x /);
    expect(lines[4]).toMatch(/^crw------- .* 5,\s+1 /);

    const out = join(work, 'out');
    const extract = spawnSync('sh', [
      '-c',
      `mkdir -p ${out} && cd ${out} && cpio -id --quiet --no-absolute-filenames -F ${file} 'bin*' init`,
    ]);
    expect(extract.status).toBe(0);
    expect(readFileSync(join(out, 'bin/tool')).equals(payload)).toBe(true);
    expect(statSync(join(out, 'bin/tool')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(out, 'bin/sh'))).toBe('tool');
    expect(readFileSync(join(out, 'init'), 'utf8')).toBe('#!/bin/sh\n');
  });

  it('is deterministic and 4-byte aligned, ending with the trailer', () => {
    const again = cpioArchive([{ type: 'file', path: 'x', data: Buffer.from('abc') }]);
    expect(again.equals(cpioArchive([{ type: 'file', path: 'x', data: Buffer.from('abc') }]))).toBe(true);
    expect(archive.length % 4).toBe(0);
    expect(archive.includes(Buffer.from('TRAILER!!!\0'))).toBe(true);
  });
});
