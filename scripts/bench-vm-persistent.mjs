#!/usr/bin/env node
// Benchmark of the persistent guest (not a test): one `kcapi --vm` invocation that boots a
// fresh guest, then `kcapi vm start` and N invocations against the started guest, each
// digest checked against node:crypto; prints per-invocation times and the ratio to the
// fresh boot measured in this run. Needs `npm run build` and a warm kernel cache.
//   node scripts/bench-vm-persistent.mjs [--count 100] [--kernel 6.1]
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' }, kernel: { type: 'string', default: '6.1' } } });
const count = Number(values.count);
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/kcapi.js');
// A private state folder: this run's guest is nobody else's, and nobody else's is not used.
const runtime = mkdtempSync(join(tmpdir(), 'kcapi-bench-persistent-'));
const env = { ...process.env, XDG_RUNTIME_DIR: runtime, KCAPI_VM_KERNEL: values.kernel };

function kcapi(args) {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    execFile(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : error.code, stdout, stderr, ms: performance.now() - startedAt });
    });
  });
}

async function digestRun() {
  const input = randomBytes(Math.floor(Math.random() * 64));
  const run = await kcapi(['--vm', '-x', '3', '-c', 'sha256', '-p', input.toString('hex')]);
  const expected = `${createHash('sha256').update(input).digest('hex')}\n`;
  if (run.status !== 0 || run.stdout !== expected || run.stderr !== '') {
    throw new Error(
      `wrong answer for ${input.toString('hex') || '(empty)'}: status ${run.status}, stdout ${JSON.stringify(run.stdout)}, stderr ${JSON.stringify(run.stderr)}`,
    );
  }
  return run.ms;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p + 0.5))];
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;
const pressure = () => {
  try {
    return /avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? '?';
  } catch {
    return '?';
  }
};

console.log(`persistent guest benchmark: kernel ${values.kernel}, ${count} invocations of kcapi --vm -x 3 -c sha256 -p <random hex>`);
console.log(
  `host: ${(await import('node:os')).availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, CPU pressure avg10 ${pressure()}%`,
);
try {
  const fresh = await digestRun();
  console.log(`fresh boot, one invocation (no guest running): ${seconds(fresh)}`);
  const start = await kcapi(['vm', 'start']);
  if (start.status !== 0) throw new Error(`kcapi vm start failed (${start.status}): ${start.stderr}`);
  console.log(`kcapi vm start: ${seconds(start.ms)}; ${start.stdout.split('\n')[0]}`);
  const times = [];
  for (let i = 0; i < count; i += 1) {
    times.push(await digestRun());
    if ((i + 1) % 10 === 0 && process.stderr.isTTY) process.stderr.write(`\r${i + 1}/${count}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\r');
  const sorted = [...times].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`${count} invocations against the started guest, all digests equal to node:crypto's:`);
  console.log(
    `  median ${seconds(median)}, p90 ${seconds(percentile(sorted, 0.9))}, min ${seconds(sorted[0])}, max ${seconds(sorted.at(-1))}, mean ${seconds(mean)}`,
  );
  console.log(`  fresh boot ÷ persistent median: ${(fresh / median).toFixed(1)}×`);
  console.log(`  per invocation (ms): ${times.map((t) => Math.round(t)).join(' ')}`);
  console.log(
    `host afterwards: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, CPU pressure avg10 ${pressure()}%`,
  );
} finally {
  const stop = await kcapi(['vm', 'stop']);
  console.log(stop.stdout.trim());
  rmSync(runtime, { recursive: true, force: true });
}
