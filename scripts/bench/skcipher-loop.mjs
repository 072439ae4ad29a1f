// The same loop as skcipher-loop.c through the library (dist/): Operation.send/read for the
// raw calls, and Skcipher.encrypt (which makes the same calls). Prints per-operation times and
// their ratios to the C loop, measured in one run. Run in a guest after `npm run build`:
//   node scripts/bench/skcipher-loop.mjs            (compiles skcipher-loop.c with cc into /tmp)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { Skcipher } from '../../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const binary = '/tmp/skcipher-loop';
execFileSync('cc', ['-O2', '-o', binary, `${here}skcipher-loop.c`]);

const key = Buffer.alloc(32);
key.set([1, 2, 3]);
const iv = Buffer.alloc(16);
iv.set([4, 5, 6]);

function timeC(length, count) {
  const [ns, first] = execFileSync(binary, [String(length), String(count)], { encoding: 'utf8' })
    .trim()
    .split(' ');
  return { ns: Number(ns), first };
}

function timeOperation(length, count) {
  const cipher = Skcipher.open('cbc(aes)', key);
  const operation = cipher.transform.accept();
  const data = Buffer.alloc(length);
  const piece = Math.min(length, 64 * 1024);
  let last;
  const start = process.hrtime.bigint();
  for (let n = 0; n < count; n++) {
    for (let offset = 0; offset < length; offset += piece) {
      const end = Math.min(offset + piece, length);
      operation.send(data.subarray(offset, end), offset === 0 ? { op: 'encrypt', iv, more: end < length } : { more: end < length });
      last = operation.read(end - offset);
    }
  }
  const ns = Number(process.hrtime.bigint() - start) / count;
  cipher.close();
  return { ns, first: (length <= 64 * 1024 ? last : undefined)?.subarray(0, 16).toString('hex') };
}

function timeSkcipher(length, count) {
  const cipher = Skcipher.open('cbc(aes)', key);
  const data = Buffer.alloc(length);
  let last;
  const start = process.hrtime.bigint();
  for (let n = 0; n < count; n++) last = cipher.encrypt(data, iv);
  const ns = Number(process.hrtime.bigint() - start) / count;
  cipher.close();
  return { ns, first: last.subarray(0, 16).toString('hex') };
}

for (const [length, count] of [
  [16, 20000],
  [1 << 20, 200],
]) {
  // Interleaved rounds, the best of each: the guest is emulated and shares the host's CPUs.
  const best = { c: Infinity, operation: Infinity, skcipher: Infinity };
  let check = '';
  for (let round = 0; round < 3; round++) {
    const c = timeC(length, count);
    const operation = timeOperation(length, count);
    const skcipher = timeSkcipher(length, count);
    best.c = Math.min(best.c, c.ns);
    best.operation = Math.min(best.operation, operation.ns);
    best.skcipher = Math.min(best.skcipher, skcipher.ns);
    check = c.first === skcipher.first ? 'outputs agree' : `OUTPUTS DIFFER: ${c.first} ${skcipher.first}`;
  }
  console.log(
    `cbc(aes) ${length} B x ${count}: C ${(best.c / 1000).toFixed(1)} us/op; ` +
      `Operation ${(best.operation / 1000).toFixed(1)} us/op (${(best.operation / best.c).toFixed(3)}x time); ` +
      `Skcipher ${(best.skcipher / 1000).toFixed(1)} us/op (${(best.skcipher / best.c).toFixed(3)}x time, ` +
      `${(best.c / best.skcipher).toFixed(3)}x throughput); ${check}`,
  );
}

// The command line itself: `kcapi -x 1 -d 20000` with a 16-byte block, per operation.
// "in loop" is the -f duration (the send/read calls of the 20000 requests); "with output" is
// the wall time of that run minus the wall time of the same run with -d 1 (process start,
// setup), so it includes formatting and printing the 20000 hex lines.
{
  const bin = fileURLToPath(new URL('../../bin/kcapi.js', import.meta.url));
  const count = 20000;
  const argv = ['-x', '1', '-e', '-c', 'cbc(aes)', '-k', key.toString('hex'), '-i', iv.toString('hex'), '-p', '00'.repeat(16), '-f'];
  const wall = (loops) => {
    const started = process.hrtime.bigint();
    const stdout = execFileSync(process.execPath, [bin, ...argv, '-d', String(loops)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, lines: stdout.trimEnd().split('\n') };
  };
  const best = { c: Infinity, loop: Infinity, output: Infinity };
  let check = '';
  for (let round = 0; round < 3; round++) {
    const c = timeC(16, count);
    const one = wall(1);
    const many = wall(count);
    const duration = Number(/^duration (\d+)$/.exec(many.lines.at(-1))?.[1]);
    best.c = Math.min(best.c, c.ns);
    best.loop = Math.min(best.loop, duration / count);
    best.output = Math.min(best.output, ((many.ms - one.ms) * 1e6) / count);
    const results = many.lines.slice(0, -1);
    const agree = results.length === count && results.every((line) => line === c.first);
    check = agree ? 'outputs agree' : `OUTPUTS DIFFER: ${c.first} ${results[0]}`;
  }
  console.log(
    `kcapi -x 1 -d ${count} cbc(aes) 16 B: C ${(best.c / 1000).toFixed(1)} us/op; ` +
      `in loop (-f) ${(best.loop / 1000).toFixed(1)} us/op (${(best.loop / best.c).toFixed(3)}x); ` +
      `with output ${(best.output / 1000).toFixed(1)} us/op (${(best.output / best.c).toFixed(3)}x); ${check}`,
  );
}
