#!/usr/bin/env node
// Bundles the command line (dist/cli/main.js and everything it imports, commander and chalk
// included) into CommonJS files under dist/cli-bundle/, loaded by bin/kcapi.js. Why: under
// Node 20 the ES module loader resolves and links each of the CLI's modules at start, which costs
// more than the work of a whole `-x 3` run when the CPU is emulated; one CommonJS file for
// the compatible path starts nearly as fast as `node -e 0`. Each subcommand and request type
// stays a chunk of its own, loaded only when used. The library (dist/index.js) is not bundled.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const compatibleCore = new RegExp(
  [
    '/dist/(errors|native|package-root)\\.js$',
    '/dist/cli/(compatible|report|option-table|getopt|to-options|data-source)\\.js$',
    '/dist/ops/(index|hex|output|stdout|options|failures|requests|check-status|algorithm-sizes)\\.js$',
    '/dist/kernel/(transform|operation|validate|errors|system-error|memory|algorithms|algorithm-info|request-capacity|availability)\\.js$',
  ].join('|'),
);
const outDir = join(root, 'dist', 'cli-bundle');
rmSync(outDir, { recursive: true, force: true });
const { output } = await build({
  cwd: root,
  input: { main: join(root, 'dist', 'cli', 'main.js') },
  platform: 'node',
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    // What every compatible run (-x N) needs, in one file: left alone, the bundler makes a file
    // of each small shared module, and under emulation each file costs a resolve, a read and a
    // compile. Not more than that: one big file was slower (parsing unused code costs too).
    codeSplitting: { groups: [{ name: 'compatible', test: (id) => compatibleCore.test(id.replaceAll('\\', '/')) }] },
  },
});

// Which source modules each file holds: test/cli/startup.test.ts checks what a plain run loads.
const modules = Object.fromEntries(
  output
    .filter((file) => file.type === 'chunk')
    .map((chunk) => [
      chunk.fileName,
      Object.keys(chunk.modules)
        .map((id) => relative(root, id).replaceAll('\\', '/'))
        .sort(),
    ]),
);
writeFileSync(join(outDir, 'modules.json'), `${JSON.stringify(modules, null, 2)}\n`);
