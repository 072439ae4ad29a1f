#!/usr/bin/env node
// Startup benchmark (not a test): wall time of `node bin/kcapi.js -x 3 -c sha256 -p 616263`
// over `node -e 0`, the two alternating so that both see the same machine load. Prints the
// medians, the spread (interquartile range, min–max) and the ratio of the medians, all from
// this one run. Every kcapi run must print SHA-256("abc") as node:crypto computes it.
// Needs AF_ALG: run it in a guest,
//   node bin/kcapi.js vm -- node scripts/bench-startup.mjs [--runs N]
// after `npm run build`. Goal (issue 7): ratio ≤ 1.3.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 50;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench-startup: --runs needs a positive integer');
  process.exit(2);
}

const expected = createHash('sha256').update('abc').digest('hex');
const baseline = ['-e', '0'];
const kcapi = [join(root, 'bin', 'kcapi.js'), '-x', '3', '-c', 'sha256', '-p', '616263'];

/** Milliseconds one `node ...args` takes from spawn to exit; checks its output with `check`. */
function timed(args, check) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error) throw child.error;
  check(child);
  return elapsed;
}

function checkBaseline(child) {
  if (child.status !== 0) throw new Error(`node -e 0 exited with ${child.status}: ${child.stderr}`);
}

function checkKcapi(child) {
  if (child.status !== 0 || child.stdout !== `${expected}\n`) {
    throw new Error(
      `kcapi -x 3 -c sha256 -p 616263 exited with ${child.status}, printed ${JSON.stringify(child.stdout)} (expected ${expected}); stderr: ${child.stderr.trim()}`,
    );
  }
}

function quantile(sorted, q) {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), min: sorted[0], max: sorted.at(-1) };
}

// One untimed run of each: fills the page cache (and shows a broken build before timing).
timed(baseline, checkBaseline);
timed(kcapi, checkKcapi);

const node = [];
const cli = [];
for (let run = 0; run < runs; run++) {
  node.push(timed(baseline, checkBaseline));
  cli.push(timed(kcapi, checkKcapi));
}

const ms = (value) => `${value.toFixed(1)} ms`;
const line = (label, s) =>
  `${label.padEnd(38)} median ${ms(s.median).padStart(9)}   IQR ${ms(s.q1)}–${ms(s.q3)}   min–max ${ms(s.min)}–${ms(s.max)}`;
const nodeStats = summary(node);
const cliStats = summary(cli);
const ratios = summary(cli.map((time, index) => time / node[index]));
console.log(`kernel ${release()}, node ${process.version}, ${runs} runs each, alternating; kcapi output checked against node:crypto`);
console.log(line('node -e 0', nodeStats));
console.log(line('kcapi -x 3 -c sha256 -p 616263', cliStats));
console.log(
  `ratio of medians kcapi / node: ${(cliStats.median / nodeStats.median).toFixed(2)}x (pairwise ratios: median ${ratios.median.toFixed(2)}x, IQR ${ratios.q1.toFixed(2)}–${ratios.q3.toFixed(2)}x); goal ≤ 1.30x`,
);
