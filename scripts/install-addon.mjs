#!/usr/bin/env node
// The package's install script (package.json "install"; shipped in the npm tarball). Node-API
// makes one binary per platform serve every Node version, so the tarball carries prebuilt
// addons (prebuilds/<platform>-<arch>/, made by scripts/prebuild.mjs) and an install needs
// no compiler when one of them loads here. It is tried in a child process, because a binary
// that does not load (another libc, an older glibc) must not take this process down; when
// none loads, node-gyp builds the addon from source (python3, make and a C++ compiler needed).
// A git checkout always builds from source, so that changes to native/ take effect; so does
// `npm install --build-from-source` (npm_config_build_from_source), the usual way to ask.
// Either way one line says which; npm shows it with --foreground-scripts, or on failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = `${process.platform}-${process.arch}`;
const prebuild = join(root, 'prebuilds', target, 'kcapi_native.node');

function say(line) {
  console.error(`kcapi: ${line}`);
}

/** Why the prebuilt addon cannot be used here, or undefined when it loads. */
function prebuildProblem() {
  if (!existsSync(prebuild)) return `there is no prebuilt addon for ${target}`;
  const probe = "const addon = require(process.argv[1]); process.exit(typeof addon.TransformSocket === 'function' ? 0 : 3);";
  const child = spawnSync(process.execPath, ['-e', probe, prebuild], { encoding: 'utf8' });
  if (child.status === 0) return undefined;
  const reason = child.stderr.split('\n').find((line) => /Error|error:/.test(line)) ?? `exit status ${child.status ?? child.signal}`;
  return `the prebuilt addon for ${target} does not load here (${reason.trim()})`;
}

/** npm's own node-gyp (lifecycle scripts get its path), else whatever npx finds. */
function nodeGyp(args) {
  const bundled = process.env.npm_config_node_gyp;
  if (bundled && existsSync(bundled)) return spawnSync(process.execPath, [bundled, ...args], { cwd: root, stdio: 'inherit' });
  return spawnSync('npx', ['--yes', 'node-gyp', ...args], { cwd: root, stdio: 'inherit' });
}

function buildFromSource(reason) {
  say(`${reason}: building the addon from source with node-gyp`);
  const result = nodeGyp(['rebuild', '--jobs', 'max']);
  if (result.status === 0) return 0;
  say('building the addon failed; it needs python3, make and a C++ compiler (Debian: apt-get install python3 make g++)');
  return result.status ?? 1;
}

function main() {
  const buildFromSourceAsked = ['true', '1', 'kcapi'].includes(process.env.npm_config_build_from_source ?? '');
  if (buildFromSourceAsked) return buildFromSource('--build-from-source');
  if (existsSync(join(root, '.git'))) return buildFromSource('a git checkout');
  const problem = prebuildProblem();
  if (problem !== undefined) return buildFromSource(problem);
  say(`using the prebuilt addon ${relative(root, prebuild)} (no compiler needed)`);
  return 0;
}

process.exitCode = main();
