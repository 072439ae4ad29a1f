/**
 * The npm tarball installs where there is no compiler and no network (issue 15): `npm pack`
 * (which builds the prebuilt addons, scripts/prebuild.mjs), then `npm install --offline` of the
 * tarball into a fresh folder with an empty npm cache and a PATH holding node, npm and basic
 * tools only (no g++, cc, make, python3). The installed kcapi then prints its version and runs
 * a hash on a real kernel (a guest, --vm), checked against node:crypto.
 * Prints the tarball's size and the install's time.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from './guest-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const basicTools = [
  'sh',
  'env',
  'cat',
  'ls',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'ln',
  'tar',
  'gzip',
  'uname',
  'grep',
  'sed',
  'dirname',
  'basename',
];
const compilerTools = ['g++', 'gcc', 'cc', 'c++', 'clang', 'make', 'python3', 'python'];

function which(name: string, path: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v "$1"`, 'sh', name], { env: { PATH: path }, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Names of every package under a node_modules folder, nested ones included. */
function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const folder = join(nodeModules, entry);
    if (entry.startsWith('@')) {
      names.push(...installedPackages(folder).map((name) => `${entry}/${name}`));
      continue;
    }
    names.push(entry);
    if (existsSync(join(folder, 'node_modules'))) names.push(...installedPackages(join(folder, 'node_modules')));
  }
  return names.sort();
}

function describeRun(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

describe('the npm tarball installs offline without a compiler and runs', () => {
  const work = temporaryDirectory('kcapi-tarball-');
  const tools = join(work.path, 'tools');
  const app = join(work.path, 'app');
  const installed = join(app, 'node_modules', manifest.name);
  /** The environment of a machine without a compiler: nothing of this one's npm setup either. */
  const bare = { PATH: tools, HOME: join(work.path, 'home'), npm_config_cache: join(work.path, 'npm-cache'), LANG: 'C.UTF-8' };
  let tarball: string;
  let packedFiles: string[];
  let install: SpawnSyncReturns<string>;

  beforeAll(() => {
    const packStart = performance.now();
    const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work.path], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(pack.status, describeRun(pack)).toBe(0);
    const report = (
      JSON.parse(pack.stdout.slice(pack.stdout.lastIndexOf('\n[') + 1)) as Array<{
        filename: string;
        size: number;
        unpackedSize: number;
        files: Array<{ path: string }>;
      }>
    )[0];
    if (report === undefined) throw new Error(`npm pack printed no report:\n${pack.stdout}`);
    tarball = join(work.path, report.filename);
    packedFiles = report.files.map((file) => file.path);
    console.error(
      `tarball: ${report.filename} ${(statSync(tarball).size / 1024).toFixed(0)} KiB (${(report.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packedFiles.length} files); npm pack ${((performance.now() - packStart) / 1000).toFixed(1)} s`,
    );

    mkdirSync(tools);
    symlinkSync(process.execPath, join(tools, 'node'));
    const npm = which('npm', process.env.PATH ?? '');
    if (npm === undefined) throw new Error('npm is not on PATH');
    symlinkSync(realpathSync(npm), join(tools, 'npm'));
    for (const tool of basicTools) {
      const path = which(tool, process.env.PATH ?? '');
      if (path !== undefined) symlinkSync(path, join(tools, tool));
    }
    mkdirSync(bare.HOME);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'kcapi-install-check', version: '1.0.0', private: true })}\n`);
    const installStart = performance.now();
    install = spawnSync(
      'npm',
      ['install', '--offline', '--foreground-scripts', '--no-audit', '--no-fund', '--no-update-notifier', tarball],
      {
        cwd: app,
        env: bare,
        encoding: 'utf8',
      },
    );
    console.error(
      `install: npm install --offline of the tarball, no compiler on PATH: ${((performance.now() - installStart) / 1000).toFixed(1)} s`,
    );
  }, 1_200_000);

  afterAll(() => work.remove());

  it('the tarball carries both prebuilt addons, the install script and node-addon-api, and nothing of the checkout', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'prebuilds/linux-x64/kcapi_native.node',
        'prebuilds/linux-arm64/kcapi_native.node',
        'scripts/install-addon.mjs',
        'node_modules/node-addon-api/napi.h',
        'dist/index.js',
        'dist/cli-bundle/main.cjs',
        'binding.gyp',
      ]),
    );
    expect(packedFiles.filter((path) => /^(src|test|build|\.prebuild)\//.test(path) || path === 'scripts/prebuild.mjs')).toEqual([]);
  });

  it('the install PATH has node and npm but no compiler, make or python', () => {
    expect(which('node', tools)).toBeDefined();
    expect(which('npm', tools)).toBeDefined();
    expect(compilerTools.filter((tool) => which(tool, tools) !== undefined)).toEqual([]);
  });

  it('installs offline from an empty cache, using the prebuilt addon', () => {
    expect(install.status, describeRun(install)).toBe(0);
    expect(install.stdout + install.stderr).toContain(
      `kcapi: using the prebuilt addon prebuilds/${process.platform}-${process.arch}/kcapi_native.node (no compiler needed)`,
    );
    expect(existsSync(join(installed, 'build')), 'nothing was compiled').toBe(false);
    expect(installedPackages(join(app, 'node_modules'))).toEqual(['kcapi', 'node-addon-api']);
  });

  it('the installed kcapi --version runs without a compiler on PATH', () => {
    const version = spawnSync(join(app, 'node_modules', '.bin', 'kcapi'), ['--version'], { cwd: app, env: bare, encoding: 'utf8' });
    expect(version.status, describeRun(version)).toBe(0);
    expect(version.stdout).toBe(`kcapi ${manifest.version}\n`);
  });

  it('the installed library imports and loads its addon', () => {
    const probe = "const kcapi = await import('kcapi'); console.log(typeof kcapi.Skcipher, typeof kcapi.afAlgAvailable());";
    const library = spawnSync('node', ['--input-type=module', '-e', probe], { cwd: app, env: bare, encoding: 'utf8' });
    expect(library.status, describeRun(library)).toBe(0);
    expect(library.stdout).toBe('function boolean\n');
  });

  it('the installed kcapi hashes on a real kernel (--vm), as node:crypto does', () => {
    const message = Buffer.from('616263', 'hex');
    const run = spawnSync(join(app, 'node_modules', '.bin', 'kcapi'), ['--vm', '-x', '3', '-c', 'sha256', '-p', message.toString('hex')], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${createHash('sha256').update(message).digest('hex')}\n`);
  });
});
