#!/usr/bin/env node
// N kcapi invocations (sha256 hashes of random messages, a few cbc(aes) encryptions) run
// as N separate processes and as one `kcapi --batch`: checks that stdout is identical and
// prints both wall times and their ratio, measured in this one run. Needs AF_ALG (run it in
// a guest: node bin/kcapi.js vm -- node scripts/bench-batch.mjs --count 200) and a build.
// Usage: node scripts/bench-batch.mjs [--count N] (default 1000)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const bin = fileURLToPath(new URL('../bin/kcapi.js', import.meta.url));
const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error(`bench-batch: --count must be a positive integer, not ${values.count}`);
  process.exit(2);
}

const hex = (length) => randomBytes(length).toString('hex');
/** Every 25th invocation a one-shot cbc(aes) encryption, the others sha256 hashes. */
const invocations = Array.from({ length: count }, (_, index) =>
  index % 25 === 24
    ? ['-x', '1', '-e', '-c', 'cbc(aes)', '-k', hex(16), '-i', hex(16), '-p', hex(32)]
    : ['-x', '3', '-c', 'sha256', '-p', hex(1 + (index % 64))],
);

const probe = spawnSync(process.execPath, [bin, '-x', '3', '-c', 'sha256', '-p', ''], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.error(`bench-batch: kcapi does not run here (status ${probe.status}): ${probe.stderr.trim()}`);
  process.exit(1);
}

/** Runs one kcapi process; resolves to its stdout, rejects on a non-zero status. */
function runKcapi(args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`kcapi ${args.join(' ')} exited ${status}`));
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

const folder = mkdtempSync(join(tmpdir(), 'kcapi-bench-batch-'));
try {
  const batchFile = join(folder, 'batch.txt');
  writeFileSync(batchFile, invocations.map((argv) => `kcapi ${argv.map((word) => `'${word}'`).join(' ')}\n`).join(''));

  // One process after another, as a shell script would run them.
  let started = process.hrtime.bigint();
  const separate = [];
  for (const argv of invocations) separate.push(await runKcapi(argv));
  const separateNs = process.hrtime.bigint() - started;

  started = process.hrtime.bigint();
  const batch = await runKcapi(['--batch', batchFile]);
  const batchNs = process.hrtime.bigint() - started;

  const separateOutput = Buffer.concat(separate);
  const identical = separateOutput.equals(batch);
  const seconds = (ns) => (Number(ns) / 1e9).toFixed(2);
  const cbc = invocations.filter((argv) => argv[1] === '1').length;
  console.log(`invocations: ${count} (${count - cbc} -x 3 sha256, ${cbc} -x 1 cbc(aes)), stdout ${batch.length} bytes`);
  console.log(`separate processes: ${seconds(separateNs)} s (${(Number(separateNs) / 1e6 / count).toFixed(1)} ms per invocation)`);
  console.log(`one --batch:        ${seconds(batchNs)} s (${(Number(batchNs) / 1e6 / count).toFixed(2)} ms per invocation)`);
  console.log(`ratio: --batch is ${(Number(separateNs) / Number(batchNs)).toFixed(1)}x faster`);
  console.log(`outputs identical: ${identical ? 'yes' : 'NO'}`);
  if (!identical) process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
