#!/usr/bin/env node
// Builds the prebuilt addons the npm tarball carries (`prepack`, so `npm pack` and `npm publish`
// always include them): prebuilds/linux-x64/ and prebuilds/linux-arm64/kcapi_native.node.
// The addon uses Node-API (NAPI_VERSION in binding.gyp), so one binary per platform serves
// every Node version; scripts/install-addon.mjs picks it at install time, src/native.ts loads it.
//
// Run on Debian 12 (bookworm) x86-64: its glibc (2.36) bounds the symbol versions a binary
// asks for, which the check below enforces, so a prebuild loads on bookworm and anything newer.
// linux-arm64 is cross-compiled with Debian's g++-aarch64-linux-gnu, installed here when run as
// root, otherwise the apt-get line to run is printed. Each binary is built from a copy of
// binding.gyp and native/ under .prebuild/ (build/ stays the checkout's own build), stripped,
// and checked with readelf (machine, glibc and libstdc++ versions). An unchanged input is not rebuilt.
//
//   node scripts/prebuild.mjs [linux-x64|linux-arm64 ...]   (default: both)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The newest symbol versions of Debian 12 (bookworm)'s glibc 2.36 and libstdc++ (GCC 12), the
 * oldest system the prebuilds promise to load on.
 */
const bookworm = { GLIBC: [2, 36], GLIBCXX: [3, 4, 30] };
const targets = {
  'linux-x64': { arch: 'x64', machine: 'Advanced Micro Devices X86-64', toolPrefix: '', aptPackage: 'g++' },
  'linux-arm64': { arch: 'arm64', machine: 'AArch64', toolPrefix: 'aarch64-linux-gnu-', aptPackage: 'g++-aarch64-linux-gnu' },
};

function fail(line) {
  console.error(`prebuild: ${line}`);
  process.exit(1);
}

function say(line) {
  console.error(`prebuild: ${line}`);
}

function hasProgram(name) {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensureCompiler({ toolPrefix, aptPackage }) {
  if (hasProgram(`${toolPrefix}g++`)) return;
  const install = ['install', '-y', '-q', '--no-install-recommends', aptPackage];
  if (process.getuid?.() !== 0 || !hasProgram('apt-get')) fail(`${toolPrefix}g++ is missing; run: sudo apt-get ${install.join(' ')}`);
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  say(`installing ${aptPackage} with apt-get`);
  if (spawnSync('apt-get', [...wait, ...install], quiet).status !== 0) {
    say('updating the package lists');
    spawnSync('apt-get', [...wait, 'update', '-q'], quiet);
    spawnSync('apt-get', [...wait, ...install], quiet);
  }
  if (!hasProgram(`${toolPrefix}g++`)) fail(`apt-get could not install ${aptPackage}`);
}

/** The node-gyp of the devDependencies, else npm's own (lifecycle scripts get its path). */
function nodeGypScript() {
  try {
    return createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const bundled = process.env.npm_config_node_gyp;
    if (bundled && existsSync(bundled)) return bundled;
    fail('node-gyp not found: run npm install first');
  }
}

/**
 * Node's headers next to this node (a distribution's package, or npm's `nodedir` setting), so
 * that node-gyp need not download them; Node-API's headers serve every Node version.
 */
function nodeGypHeaders() {
  const configured = process.env.npm_config_nodedir;
  if (configured) return [`--nodedir=${configured}`];
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

/** Everything the binary is made from: an unchanged fingerprint means an unchanged binary. */
function fingerprint(name, target) {
  const hash = createHash('sha256');
  const nodeAddonApi = createRequire(join(root, 'package.json')).resolve('node-addon-api/package.json');
  const files = [
    join(root, 'binding.gyp'),
    fileURLToPath(import.meta.url),
    nodeAddonApi,
    ...readdirSync(join(root, 'native'))
      .sort()
      .map((file) => join(root, 'native', file)),
  ];
  for (const file of files) hash.update(`${relative(root, file)}\0`).update(readFileSync(file));
  const compiler = spawnSync(`${target.toolPrefix}g++`, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  hash.update(name).update(compiler).update(process.version);
  return hash.digest('hex');
}

function readelf(args, file) {
  const result = spawnSync('readelf', [...args, file], { encoding: 'utf8' });
  if (result.status !== 0) fail(`readelf ${args.join(' ')} ${file} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** The newest version of a symbol-version family (GLIBC_, GLIBCXX_) a binary asks for. */
function newestVersion(versionInfo, family) {
  const versions = [...versionInfo.matchAll(new RegExp(`Name: ${family}_([\\d.]+)`, 'g'))].map((m) => m[1].split('.').map(Number));
  return versions.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b), [0]);
}

function compareVersions(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Fails unless the binary is a shared object for the target's machine that bookworm's libraries can load. */
function check(file, target) {
  const header = readelf(['-h'], file);
  const machine = /Machine:\s+(.*)/.exec(header)?.[1]?.trim();
  if (machine !== target.machine) fail(`${file} is for ${machine}, not ${target.machine}`);
  if (!/Type:\s+DYN/.test(header)) fail(`${file} is not a shared object`);
  const versionInfo = readelf(['-V'], file);
  const facts = [machine];
  for (const [family, limit] of Object.entries(bookworm)) {
    const newest = newestVersion(versionInfo, family);
    if (compareVersions(newest, limit) > 0) fail(`${file} needs ${family}_${newest.join('.')}, newer than bookworm's ${limit.join('.')}`);
    facts.push(`${family}_${newest.join('.')}`);
  }
  return facts.join(', ');
}

function prebuild(name) {
  const target = targets[name];
  if (target === undefined) fail(`unknown target ${name} (known: ${Object.keys(targets).join(', ')})`);
  ensureCompiler(target);
  const output = join(root, 'prebuilds', name, 'kcapi_native.node');
  const staging = join(root, '.prebuild', name);
  const stamp = join(root, '.prebuild', `${name}.fingerprint`);
  const wanted = fingerprint(name, target);
  if (existsSync(output) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    say(`${name}: up to date (${check(output, target)})`);
    return;
  }
  // A copy of the sources, so that node-gyp's build/ there leaves the checkout's build/ alone;
  // inside the checkout, so that binding.gyp's require('node-addon-api') finds node_modules.
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(join(root, 'binding.gyp'), join(staging, 'binding.gyp'));
  cpSync(join(root, 'native'), join(staging, 'native'), { recursive: true });
  const tools = target.toolPrefix
    ? { CC: `${target.toolPrefix}gcc`, CXX: `${target.toolPrefix}g++`, LINK: `${target.toolPrefix}g++`, AR: `${target.toolPrefix}ar` }
    : {};
  say(`${name}: building`);
  const started = performance.now();
  const gyp = spawnSync(
    process.execPath,
    [nodeGypScript(), 'rebuild', `--arch=${target.arch}`, '--jobs', 'max', '--loglevel=warn', ...nodeGypHeaders()],
    {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...tools },
    },
  );
  if (gyp.status !== 0) fail(`${name}: node-gyp failed (exit ${gyp.status ?? gyp.signal})`);
  mkdirSync(dirname(output), { recursive: true });
  const built = join(staging, 'build', 'Release', 'kcapi_native.node');
  const strip = spawnSync(`${target.toolPrefix}strip`, ['--strip-unneeded', '-o', output, built], { stdio: 'inherit' });
  if (strip.status !== 0) fail(`${name}: ${target.toolPrefix}strip failed`);
  const facts = check(output, target);
  writeFileSync(stamp, wanted);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(`${name}: ${relative(root, output)} (${facts}, ${readFileSync(output).length} bytes, ${seconds} s)`);
}

if (process.platform !== 'linux' || process.arch !== 'x64') fail(`run on linux-x64 (Debian 12), not ${process.platform}-${process.arch}`);
const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(targets)) prebuild(name);
