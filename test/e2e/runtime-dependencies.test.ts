/**
 * What an installed package runs needs no npm package (issue 15): the library entry
 * (dist/index.js) and every module it can import, statically or dynamically, import only
 * Node's built-in modules; the CLI bundle (dist/cli-bundle/, which bin/kcapi.js loads) holds
 * commander and chalk itself. That is why those two are devDependencies, and why the package's
 * only dependency is node-addon-api, whose headers a source build of the addon needs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builtins = new Set(builtinModules);
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtins.has(specifier);

/** Specifiers of `import … from`, `export … from`, `import '…'` and `import('…')` in compiled ES modules. */
function esmSpecifiers(source: string): string[] {
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*'([^']+)'|(?:^|[\s;])import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** The bare (non-relative) specifiers reachable from an entry module. */
function bareImportsReachableFrom(entry: string): { modules: number; bare: Set<string> } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of esmSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  }
  return { modules: seen.size, bare };
}

describe('an installed kcapi needs no npm package at run time', () => {
  it('the library entry reaches only built-in modules', () => {
    const { modules, bare } = bareImportsReachableFrom(join(root, 'dist', 'index.js'));
    expect(modules, 'the walk followed the imports').toBeGreaterThan(20);
    expect([...bare].filter((specifier) => !isBuiltin(specifier))).toEqual([]);
  });

  it('the walk sees a package import where there is one (the CLI imports commander and chalk)', () => {
    const { bare } = bareImportsReachableFrom(join(root, 'dist', 'cli', 'main.js'));
    expect(bare).toContain('commander');
    expect(bare).toContain('chalk');
  });

  it('the CLI bundle requires only built-in modules and its own chunks', () => {
    const bundle = join(root, 'dist', 'cli-bundle');
    const files = readdirSync(bundle).filter((name) => name.endsWith('.cjs'));
    expect(files.length).toBeGreaterThan(1);
    const required = files.flatMap((name) =>
      [...readFileSync(join(bundle, name), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? ''),
    );
    expect(required.filter((specifier) => specifier.startsWith('./'))).not.toEqual([]);
    expect(required.filter((specifier) => !specifier.startsWith('./') && !isBuiltin(specifier))).toEqual([]);
  });

  it('package.json: commander, chalk and node-gyp are build tools; node-addon-api ships inside the tarball', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      bundleDependencies: string[];
    };
    expect(Object.keys(manifest.dependencies)).toEqual(['node-addon-api']);
    expect(manifest.bundleDependencies).toEqual(['node-addon-api']);
    for (const tool of ['commander', 'chalk', 'node-gyp']) expect(Object.keys(manifest.devDependencies)).toContain(tool);
  });
});
