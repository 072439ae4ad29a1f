/**
 * The package's install script (scripts/install-addon.mjs) decides between the prebuilt addon
 * and a build from source. Each case runs the real script in a copy of the package layout; the
 * "prebuild that loads" is this checkout's own build of the addon, node-gyp a stand-in that
 * records its arguments (the real source build is covered by `npm ci`, the prebuilt path end to
 * end by test/vm/package-install.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const target = `${process.platform}-${process.arch}`;
const builtAddon = join(root, 'build', 'Release', 'kcapi_native.node');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

interface Layout {
  readonly prebuild?: 'loads' | 'broken';
  readonly gitCheckout?: boolean;
  readonly nodeGypStatus?: number;
  readonly env?: Record<string, string>;
}

function install(layout: Layout): { status: number | null; stderr: string; nodeGypArgs: string[] | undefined } {
  const folder = mkdtempSync(join(tmpdir(), 'kcapi-install-'));
  folders.push(folder);
  const pkg = join(folder, 'kcapi');
  mkdirSync(join(pkg, 'scripts'), { recursive: true });
  copyFileSync(join(root, 'scripts', 'install-addon.mjs'), join(pkg, 'scripts', 'install-addon.mjs'));
  if (layout.prebuild) {
    mkdirSync(join(pkg, 'prebuilds', target), { recursive: true });
    const prebuild = join(pkg, 'prebuilds', target, 'kcapi_native.node');
    if (layout.prebuild === 'loads') copyFileSync(builtAddon, prebuild);
    else writeFileSync(prebuild, 'not an ELF file\n'.repeat(300));
  }
  if (layout.gitCheckout) mkdirSync(join(pkg, '.git'));
  const record = join(folder, 'node-gyp-args.json');
  const fakeNodeGyp = join(folder, 'node-gyp.cjs');
  writeFileSync(
    fakeNodeGyp,
    `require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));\n` +
      `process.exit(${layout.nodeGypStatus ?? 0});\n`,
  );
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', npm_config_node_gyp: fakeNodeGyp, ...layout.env };
  const child = spawnSync(process.execPath, [join(pkg, 'scripts', 'install-addon.mjs')], { cwd: pkg, env, encoding: 'utf8' });
  const recorded = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; cwd: string }) : undefined;
  if (recorded) expect(recorded.cwd).toBe(pkg);
  return { status: child.status, stderr: child.stderr, nodeGypArgs: recorded?.args };
}

describe('scripts/install-addon.mjs', () => {
  it('uses a prebuilt addon that loads, without node-gyp, and says so in one line', () => {
    const result = install({ prebuild: 'loads' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`kcapi: using the prebuilt addon prebuilds/${target}/kcapi_native.node (no compiler needed)\n`);
    expect(result.nodeGypArgs).toBeUndefined();
  });

  it('builds from source when the prebuilt addon does not load, saying why', () => {
    const result = install({ prebuild: 'broken' });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(
        `^kcapi: the prebuilt addon for ${target} does not load here \\(.*invalid ELF header.*\\): building the addon from source with node-gyp\\n$`,
      ),
    );
    expect(result.nodeGypArgs).toEqual(['rebuild', '--jobs', 'max']);
  });

  it('builds from source when there is no prebuilt addon for this platform', () => {
    const result = install({});
    expect(result.stderr).toBe(`kcapi: there is no prebuilt addon for ${target}: building the addon from source with node-gyp\n`);
    expect(result.nodeGypArgs).toEqual(['rebuild', '--jobs', 'max']);
  });

  it('builds from source in a git checkout, so that changes to native/ take effect', () => {
    const result = install({ prebuild: 'loads', gitCheckout: true });
    expect(result.stderr).toBe('kcapi: a git checkout: building the addon from source with node-gyp\n');
    expect(result.nodeGypArgs).toEqual(['rebuild', '--jobs', 'max']);
  });

  it('builds from source when asked (npm install --build-from-source)', () => {
    const result = install({ prebuild: 'loads', env: { npm_config_build_from_source: 'true' } });
    expect(result.stderr).toBe('kcapi: --build-from-source: building the addon from source with node-gyp\n');
    expect(result.nodeGypArgs).toEqual(['rebuild', '--jobs', 'max']);
  });

  it("fails with node-gyp's status and names what a source build needs", () => {
    const result = install({ nodeGypStatus: 7 });
    expect(result.status).toBe(7);
    expect(result.stderr.split('\n').at(-2)).toBe(
      'kcapi: building the addon failed; it needs python3, make and a C++ compiler (Debian: apt-get install python3 make g++)',
    );
  });
});
