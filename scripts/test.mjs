#!/usr/bin/env node
// The project's test command (`npm test`). Runs, in order:
//   1. unit suites on the host (no kernel needed);
//   2. (after building libkcapi's kcapi, the oracle test's reference, once into the cache)
//      the kernel-backed suites (vitest projects `kernel` and `cli`) on a real kernel:
//      the host's when it has AF_ALG, otherwise inside ONE guest boot of the main kernel;
//   3. a smoke set of the kernel suites on the other guest kernels;
//   4. the guest-runner's own tests (they boot guests themselves).
// Each phase writes a vitest JSON report; the totals end in one line "tests: N passed, M failed".
// With CI=true a kernel suite that cannot run, or any skipped test, is a failure.
//
// Options (after `npm test --`):
//   --kernel K      run every kernel phase on guest kernel K only (6.1, 6.12, sid or a bzImage path)
//   --phase P,...   only these phases: unit, kernel, smoke, vm (default all four), long
//   --host          run the kernel phase on the host even if AF_ALG looks absent (for debugging)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const mainKernel = '6.1';
const smokeKernels = ['6.12', 'sid'];
const smokeFiles = ['test/kernel/smoke.test.ts', 'test/kernel/modes-kernel-facts.test.ts', 'test/cli/kdf-cli.test.ts'];
// Time limits (seconds) of each guest phase, so that a stuck test fails the phase instead of
// the whole CI job; a phase's vitest report tells which test was running.
const guestLimits = { kernel: 2700, smoke: 600 };

function parseArgs(argv) {
  const args = { kernel: undefined, phases: ['unit', 'kernel', 'smoke', 'vm'], host: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--kernel') args.kernel = argv[++i];
    else if (a.startsWith('--kernel=')) args.kernel = a.slice(9);
    else if (a === '--phase') args.phases = argv[++i].split(',');
    else if (a.startsWith('--phase=')) args.phases = a.slice(8).split(',');
    else if (a === '--host') args.host = true;
    else {
      console.error(`test: unknown argument ${a}`);
      process.exit(2);
    }
  }
  return args;
}

// Everything the phases need from Debian, installed before the first phase so that a fresh
// machine's `npm test` is the whole set-up (the guest runner would install its own programs
// lazily, but the unit phase already needs cpio and the vectors):
//   qemu-system-x86, busybox-static, kmod, xz-utils, zstd: the guest runner (src/vm)
//   cpio: test/unit/vm-cpio.test.ts compares our initramfs writer with GNU cpio
//   python3-cryptography-vectors: the NIST CAVP files (test/helpers/cavp-dir.ts)
const hostPackages = ['qemu-system-x86', 'busybox-static', 'kmod', 'xz-utils', 'zstd', 'cpio', 'python3-cryptography-vectors'];

function missingPackages(packages) {
  return packages.filter(
    (name) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true,
  );
}

function ensureHostPackages(packages) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const install = ['install', '-y', '-q', '--no-install-recommends', ...missing];
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
    console.error(`test: installing ${missing.join(' ')} with apt-get`);
    if (spawnSync('apt-get', [...wait, ...install], quiet).status !== 0) {
      console.error('test: updating the package lists');
      spawnSync('apt-get', [...wait, 'update', '-q'], quiet);
      spawnSync('apt-get', [...wait, ...install], quiet);
    }
    const still = missingPackages(missing);
    if (still.length === 0) return;
    console.error(`test: apt-get could not install ${still.join(' ')}`);
    process.exit(1);
  }
  console.error(`test: missing Debian packages; run: sudo apt-get ${install.join(' ')}`);
  process.exit(1);
}

/** The linter and the formatter's check (`npm run lint`); a finding fails the run like a test. */
function lint() {
  console.error('\n=== lint (host) ===');
  const tools = [
    ['eslint', [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '.']],
    ['prettier', [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', '.']],
  ];
  for (const [name, toolArgs] of tools) {
    const status = spawnSync(process.execPath, toolArgs, { cwd: root, stdio: 'inherit' }).status;
    if (status !== 0)
      lintProblems.push(
        `lint: ${name} found problems (exit ${status}); npm run lint shows them${name === 'prettier' ? ', npm run format fixes them' : ''}`,
      );
  }
}

function build() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')], { cwd: root, stdio: 'inherit' });
  if (bundle.status !== 0) process.exit(bundle.status ?? 1);
  if (!existsSync(join(root, 'build', 'Release', 'kcapi_native.node'))) {
    console.error('test: the native addon is not built; run: npm install');
    process.exit(1);
  }
}

/** libkcapi's kcapi, which the oracle test compares with ours; built once and cached. */
async function ensureReferenceKcapi() {
  const { ensureReferenceKcapi: ensure } = await import(join(root, 'dist', 'vm', 'kernel', 'reference-kcapi.js'));
  const { terminalProgress } = await import(join(root, 'dist', 'vm', 'host', 'progress.js'));
  try {
    const started = Date.now();
    const program = await ensure(terminalProgress(process.stderr));
    if (Date.now() - started > 1000)
      console.error(`test: built the reference kcapi in ${Math.round((Date.now() - started) / 1000)} s: ${program}`);
    process.env.KCAPI_REFERENCE_KCAPI = program;
  } catch (err) {
    console.error(`test: the reference kcapi (libkcapi) could not be built: ${err?.message ?? err}`);
    process.exit(1);
  }
}

async function hostHasAfAlg() {
  const { afAlgAvailable } = await import(join(root, 'dist', 'kernel', 'index.js'));
  return afAlgAvailable();
}

function run(command, args, options = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 128 : 1)));
    child.on('error', (err) => {
      console.error(`test: ${command}: ${err.message}`);
      resolveRun(127);
    });
  });
}

const reportDir = mkdtempSync(join(tmpdir(), 'kcapi-test-'));

// Stopped (Ctrl-C, CI cancelling): stop the guest too instead of leaving qemu behind.
const stopGuests = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    stopGuests.abort(new Error(`stopped by ${signal}`));
    process.exitCode = 130;
  });
}
const results = [];

/** Runs vitest on the host or in a guest; its JSON report lands in reportDir. */
async function vitestPhase(label, vitestArgs, kernel, limitSec) {
  const report = join(reportDir, `${label}.json`);
  const args = [
    vitestBin,
    'run',
    '--configLoader',
    'native',
    ...vitestArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  // Inside the guest vitest would see 2 CPUs and use 1 worker; the suites mostly wait on the kernel.
  if (kernel) args.push('--maxWorkers=2');
  console.error(`\n=== ${label}${kernel ? ` (guest kernel ${kernel})` : ' (host)'} ===`);
  let status;
  if (kernel) {
    const { runInGuest, GuestBootError } = await import(join(root, 'dist', 'vm', 'index.js'));
    // The host root is read-only and unchanged during the run: 9p caching makes every
    // module load (thousands of files) cheap instead of a round trip each.
    process.env.KCAPI_VM_ROOT_CACHE ??= 'loose';
    // A boot that fails before the command starts (seen now and then with sid under TCG) is
    // tried once more; its console tail is printed either way.
    for (let attempt = 1; ; attempt++) {
      try {
        status = await runInGuest({
          kernel,
          command: ['timeout', '-s', 'KILL', String(limitSec ?? guestLimits.kernel), process.execPath, ...args],
          cwd: root,
          writable: [reportDir],
          signal: stopGuests.signal,
          env: { KCAPI_TEST_KERNEL: kernel },
          reuse: false,
        });
        break;
      } catch (err) {
        console.error(`test: ${label}: the guest did not run: ${err?.message ?? err}`);
        for (const line of err?.consoleTail ?? []) console.error(`  | ${line}`);
        status = 1;
        const bootFailure =
          GuestBootError !== undefined && err instanceof GuestBootError && /before the command started|did not boot/.test(err.message);
        if (!bootFailure || attempt >= 2 || stopGuests.signal.aborted) break;
        console.error(`test: ${label}: booting once more`);
      }
    }
  } else {
    status = await run(process.execPath, args);
  }
  results.push({ label, status, report });
}

function tally() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const problems = [];
  for (const { label, status, report } of results) {
    if (!existsSync(report)) {
      problems.push(`${label}: no report (exit ${status})`);
      failed++;
      continue;
    }
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    const phaseSkipped = json.numPendingTests + (json.numTodoTests ?? 0);
    skipped += phaseSkipped;
    if (json.numTotalTests === 0) problems.push(`${label}: ran no test`);
    if (status !== 0 && json.numFailedTests === 0) problems.push(`${label}: exit ${status}`);
    if (phaseSkipped > 0 && inCi) problems.push(`${label}: ${phaseSkipped} skipped (skips fail in CI)`);
  }
  return { passed, failed, skipped, problems };
}

const args = parseArgs(process.argv.slice(2));
const phases = new Set(args.phases);
ensureHostPackages(hostPackages);
build();

// The reference program the oracle test compares with, built before the first phase like the
// packages above, so that a set-up failure shows at once rather than after the unit suites.
if (phases.has('kernel')) await ensureReferenceKcapi();

const lintProblems = [];
if (phases.has('unit')) {
  lint();
  await vitestPhase('unit', ['--project', 'unit', '--project', 'e2e']);
}

if (phases.has('kernel')) {
  const onHost = args.host || (!args.kernel && (await hostHasAfAlg()));
  await vitestPhase(
    'kernel',
    ['--project', 'kernel', '--project', 'cli'],
    onHost ? undefined : (args.kernel ?? mainKernel),
    guestLimits.kernel,
  );
}

if (phases.has('smoke') && !args.kernel) {
  for (const kernel of smokeKernels) {
    await vitestPhase(`smoke-${kernel}`, ['--project', 'kernel', '--project', 'cli', ...smokeFiles], kernel, guestLimits.smoke);
  }
}

if (phases.has('vm')) await vitestPhase('vm', ['--project', 'vm']);

// Not part of the default phases: minutes of kernel time (`npm run test:long`).
if (phases.has('long')) {
  const onHost = args.host || (!args.kernel && (await hostHasAfAlg()));
  await vitestPhase('long', ['--project', 'long'], onHost ? undefined : (args.kernel ?? mainKernel), 7200);
}

const { passed, failed, skipped, problems } = tally();
problems.push(...lintProblems);
for (const p of problems) console.error(`test: ${p}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 && problems.length === 0 ? 0 : 1;
