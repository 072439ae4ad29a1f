import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bin } from './helpers.js';

const tracer = fileURLToPath(new URL('./fixtures/trace-imports.mjs', import.meta.url));

/** The modules `node bin/kcapi.js ...args` loads (whatever the kernel answers). */
function loadedModules(args: string[]): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'kcapi-trace-'));
  const file = join(folder, 'modules.txt');
  try {
    const child = spawnSync(process.execPath, ['--import', tracer, bin, ...args], {
      env: { ...process.env, KCAPI_TRACE_IMPORTS: file },
      encoding: 'utf8',
    });
    expect(child.signal).toBeNull();
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const offThePath = [
  /commander/,
  /chalk/,
  /\/dist\/vm\//,
  /\/dist\/verify\//,
  /\/dist\/bench\//,
  /\/dist\/modes\//,
  /\/dist\/toolkit\//,
  /\/dist\/kernel-info\//,
  /\/dist\/kdf\//,
  /\/dist\/cli\/commands\//,
  /\/dist\/cli\/(help|man-page|batch|checked-run|expect-report)\.js/,
];

/**
 * Files a plain run may open (bin, parser, one op module and the kernel layer it needs): in a
 * guest every file crosses 9p, so the count is part of the start-up cost (issue 7).
 */
const maxFiles = 30;

describe('startup: the compatibility path loads only what it uses (issue 7)', () => {
  it.each([
    [['-x', '1', '-e', '-c', 'cbc(aes)', '-k', '00'.repeat(16), '-i', '00'.repeat(16), '-p', '00'.repeat(16)]],
    [['-x', '3', '-c', 'sha256', '-p', '616263']],
    [['-x', '2', '-e', '-c', 'gcm(aes)', '-k', '00'.repeat(16), '-i', '00'.repeat(12), '-p', '00', '-l', '16']],
  ])('%j', (args) => {
    const modules = loadedModules(args);
    expect(modules.some((module) => module.endsWith('/dist/ops/hash.js') || module.endsWith('/dist/ops/skcipher.js') || module.endsWith('/dist/ops/aead.js'))).toBe(true);
    for (const pattern of offThePath) {
      expect(modules.filter((module) => pattern.test(module))).toEqual([]);
    }
    const files = new Set(modules.filter((module) => module.startsWith('file:') || module.startsWith('require:.')));
    expect([...files].length, [...files].join('\n')).toBeLessThanOrEqual(maxFiles);
  });
});
