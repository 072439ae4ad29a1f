#!/usr/bin/env node
// Benchmark of the guest runner (not a test): boot-to-first-command time and per-command
// overhead for each kernel. Needs `npm run build` and warm kernels (the first run downloads).
//   node scripts/bench-vm.mjs [--runs N] [--accel auto|kvm|tcg] [KERNEL...]   (default: 6.1 6.12 sid)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, accel: { type: 'string', default: 'auto' } },
});
const runs = Number(values.runs);
const kernels = positionals.length > 0 ? positionals : ['6.1', '6.12', 'sid'];
const { runInGuest, silentProgress } = await import('../dist/vm/index.js');

class Collect extends Writable {
  chunks = [];
  _write(chunk, _encoding, callback) {
    this.chunks.push(chunk);
    callback();
  }
  text() {
    return Buffer.concat(this.chunks).toString();
  }
}

const cpuPressure = () => {
  try {
    return /avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? '?';
  } catch {
    return '?';
  }
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Mean wall time of `command` over `count` runs on the host, in ms. */
function hostMean(command, count) {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) execFileSync(command[0], command.slice(1), { stdio: 'ignore' });
  return (performance.now() - started) / count;
}

// In one guest: the same loops, timed by the guest's clock (nanoseconds).
const loops = 10;
const guestLoop = `
t() { n=$1; shift; s=$(date +%s%N); i=0; while [ $i -lt $n ]; do "$@" >/dev/null 2>&1; i=$((i+1)); done; e=$(date +%s%N); echo $(( (e - s) / n / 1000 )); }
echo "true=$(t ${loops} /bin/true)"
echo "node=$(t 3 node -e 0)"
`;

console.log(`guest runner benchmark: ${runs} run(s) per kernel, accel ${values.accel}; host CPU pressure avg10 ${cpuPressure()}%`);
const hostTrueMs = hostMean(['/bin/true'], loops);
const hostNodeMs = hostMean([process.execPath, '-e', '0'], 3);
console.log(`host: /bin/true ${hostTrueMs.toFixed(2)} ms, node -e 0 ${hostNodeMs.toFixed(0)} ms`);
console.log('');
console.log(
  'kernel | release | accel | boot to first command (median, min) | end to end `true` (median) | shutdown after the command | guest /bin/true | guest node -e 0',
);

/** One boot running `command`; returns the boot report, wall times and stdout. */
async function boot(kernel, command) {
  const stdout = new Collect();
  const stderr = new Collect();
  const started = performance.now();
  let report;
  let bootAt = 0;
  const status = await runInGuest({
    kernel,
    accel: values.accel,
    command,
    stdout,
    stderr,
    progress: silentProgress,
    onBoot: (boot) => {
      report = boot;
      bootAt = performance.now();
    },
  });
  const ended = performance.now();
  if (status !== 0) throw new Error(`guest command failed (${status}): ${stderr.text()}`);
  return { report, totalMs: ended - started, afterBootMs: ended - bootAt, stdout: stdout.text() };
}

for (const kernel of kernels) {
  const timed = [];
  for (let run = 0; run < runs; run += 1) timed.push(await boot(kernel, ['true']));
  const loopsRun = await boot(kernel, ['sh', '-c', guestLoop]);
  const perCommand = Object.fromEntries(
    loopsRun.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=')),
  );
  const boots = [...timed, loopsRun].map((run) => run.report.bootMs);
  const trueUs = Number(perCommand.true);
  const nodeUs = Number(perCommand.node);
  console.log(
    [
      kernel,
      loopsRun.report.release,
      loopsRun.report.accel,
      `${seconds(median(boots))}, ${seconds(Math.min(...boots))}`,
      seconds(median(timed.map((run) => run.totalMs))),
      seconds(median(timed.map((run) => run.afterBootMs))),
      `${(trueUs / 1000).toFixed(1)} ms (${(trueUs / 1000 / hostTrueMs).toFixed(0)}x host)`,
      `${(nodeUs / 1000).toFixed(0)} ms (${(nodeUs / 1000 / hostNodeMs).toFixed(1)}x host)`,
    ].join(' | '),
  );
}
console.log('');
console.log(`host CPU pressure avg10 at the end: ${cpuPressure()}% (other work on the machine inflates every number)`);
