import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bin, kernelHasAfAlg, requireKernelInCi } from './helpers.js';

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

/** Which source modules each bundled file holds (written by scripts/bundle-cli.mjs). */
const bundleDir = fileURLToPath(new URL('../../dist/cli-bundle/', import.meta.url));
const bundleModules = JSON.parse(readFileSync(join(bundleDir, 'modules.json'), 'utf8')) as Record<string, string[]>;

/** The files a run opened, and the source modules those files hold. */
function loaded(args: string[]): { files: string[]; modules: string[] } {
  const files = [...new Set(loadedModules(args))];
  const modules = files.flatMap((path) => (path.startsWith(bundleDir) ? (bundleModules[path.slice(bundleDir.length)] ?? [path]) : [path]));
  return { files, modules };
}

const offThePath = [
  /node_modules\/commander\//,
  /node_modules\/chalk\//,
  /^dist\/vm\//,
  /^dist\/verify\//,
  /^dist\/bench\//,
  /^dist\/modes\//,
  /^dist\/software\//,
  /^dist\/toolkit\//,
  /^dist\/kernel-info\//,
  /^dist\/kdf\//,
  /^dist\/cli\/commands\//,
  /^dist\/cli\/(help|man-page|batch|checked-run|expect-report|json-schemas)\.js/,
];

/**
 * Files a plain run may open (bin, the bundled parser, one request type and the kernel layer it
 * needs, the addon): in a guest every file crosses 9p, so the count is part of the start-up
 * cost (issue 7).
 */
const maxFiles = 16;

describe('startup: the compatibility path loads only what it uses (issue 7)', () => {
  it.each([
    [['-x', '1', '-e', '-c', 'cbc(aes)', '-k', '00'.repeat(16), '-i', '00'.repeat(16), '-p', '00'.repeat(16)], 'dist/ops/skcipher.js'],
    [['-x', '3', '-c', 'sha256', '-p', '616263'], 'dist/ops/hash.js'],
    [['-x', '2', '-e', '-c', 'gcm(aes)', '-k', '00'.repeat(16), '-i', '00'.repeat(12), '-p', '00', '-l', '16'], 'dist/ops/aead.js'],
  ])('%j', (args, operation) => {
    const { files, modules } = loaded(args);
    expect(
      files.filter((path) => path.includes('/dist/') && !path.startsWith(bundleDir)),
      'the CLI runs from the bundle only',
    ).toEqual([]);
    expect(modules).toContain(operation);
    expect(modules).toContain('dist/cli/compatible.js');
    for (const pattern of offThePath) {
      expect(modules.filter((module) => pattern.test(module))).toEqual([]);
    }
    expect(files.length, files.join('\n')).toBeLessThanOrEqual(maxFiles);
  });

  it('the bundle holds every command and request type (none left to a runtime path)', () => {
    const all = Object.values(bundleModules).flat();
    for (const module of [
      'dist/cli/commands/vm.js',
      'dist/cli/commands/bench.js',
      'dist/cli/commands/vectors.js',
      'dist/ops/kdf.js',
      'dist/ops/fuzz.js',
    ]) {
      expect(all).toContain(module);
    }
  });
});

describe('output straight to descriptor 1', () => {
  // The compatible path writes with write(2), not through process.stdout: a reader that goes
  // away (EPIPE, `kcapi ... | head -1`) must still end the output quietly, with status 0.
  it('a reader that leaves after the first line: status 0, nothing on stderr', async () => {
    requireKernelInCi();
    const child = spawn(
      process.execPath,
      [bin, '-x', '1', '-e', '-c', 'cbc(aes)', '-k', '00'.repeat(16), '-i', '00'.repeat(16), '-p', '00'.repeat(16), '-d', '20000'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout.destroy();
    const [status] = (await once(child, 'exit')) as [number | null];
    if (!kernelHasAfAlg) {
      expect(status).toBe(3);
      return;
    }
    expect(first.split('\n')[0]).toBe('66e94bd4ef8a2c3b884cfa59ca342b2e');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});
