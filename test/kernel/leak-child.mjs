// The child process of test/kernel/leak-runs.test.ts: runs one kind of work twice in a fresh
// process (so RSS starts from a clean baseline) and writes, as JSON on descriptor 3, what the
// second round left behind after full collections. The first round warms up.
//   node --expose-gc leak-child.mjs KIND COUNT [control]
// KIND: batch (one `kcapi --batch FILE` of COUNT lines per round) or warm (COUNT invocations
// in warm workers of the guest server per round); the warm-up round does twice as many.
// `control` keeps, per line or invocation, a buffer, and a descriptor every tenth of a round:
// the leak the check must catch.
import { openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [kind, countText, control] = process.argv.slice(2);
const count = Number(countText);
const keeping = control === 'control';
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'kcapi-leak-'));
const kept = [];

function keep(index) {
  if (!keeping) return;
  kept.push(Buffer.alloc(kind === 'batch' ? 256 * 1024 : 1024 * 1024, index));
  if (index % Math.max(1, Math.floor(count / 10)) === 0) kept.push(openSync('/dev/null', 'r'));
}

// The lines of a batch: each type with a one-line answer, and an AIO run.
const batchLines = [
  'kcapi -x 1 -e -c "cbc(aes)" -k 000102030405060708090a0b0c0d0e0f -i 00000000000000000000000000000000 -p 00112233445566778899aabbccddeeff',
  'kcapi -x 2 -e -c "gcm(aes)" -k 000102030405060708090a0b0c0d0e0f -i 000000000000000000000000 -a 0001 -p 0011223344 -l 16',
  'kcapi -x 3 -c sha256 -p 616263',
  'kcapi -x 3 -c "hmac(sha256)" -k 6b6579 -p 616263',
  'kcapi -x 9 -e -c "cbc(aes)" -k 000102030405060708090a0b0c0d0e0f -i 00000000000000000000000000000000 -p 00112233445566778899aabbccddeeff -d 4',
];

async function batchRound() {
  const { main } = await import(join(dist, 'cli', 'main.js'));
  const batchOf = (lines) => {
    const file = join(scratch, `batch-${lines}`);
    writeFileSync(file, Array.from({ length: lines }, (_, index) => batchLines[index % batchLines.length]).join('\n') + '\n');
    return file;
  };
  const files = new Map([count, 2 * count].map((lines) => [lines, batchOf(lines)]));
  const { loadBatch, runBatch, runBatchLine } = await import(join(dist, 'cli', 'batch.js'));
  return async (lines = count) => {
    const file = files.get(lines);
    if (!keeping) return main(['--batch', file]);
    let index = 0;
    return (
      await runBatch(loadBatch(file), false, (argv) => {
        keep(index++);
        return runBatchLine(argv, main);
      })
    ).status;
  };
}

async function warmRound() {
  const { WarmKcapi } = await import(join(dist, 'vm', 'guest', 'warm-kcapi.js'));
  const warm = WarmKcapi.create(join(dist, 'vm', 'guest', 'kcapi-worker.js'), join(dist, 'cli-bundle', 'main.cjs'));
  if (warm === undefined) throw new Error('the warm worker or the CLI bundle is not built');
  warm.prepare();
  const argv = ['-x', '3', '-c', 'sha256', '-p', '616263'];
  return async (runs = count) => {
    let failures = 0;
    for (let index = 0; index < runs; index++) {
      if (!warm.enterDirectory(scratch)) throw new Error('enterDirectory refused');
      const run = await warm.run({ argv, env: {} }, join(scratch, 'stdout'), join(scratch, 'stderr'));
      if ((await run.status) !== 0) failures++;
      keep(index);
    }
    // Counted without the spare worker, which starts in the background after each run: close
    // ends it once it is ready (over a second in the guest), so wait for its thread to go.
    const threadsWithSpare = threads();
    warm.close();
    for (let waited = 0; threads() >= threadsWithSpare; waited += 100) {
      if (waited > 60_000) throw new Error('the spare warm worker did not end');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await steadyDescriptors();
    return failures > 0 ? 1 : 0;
  };
}

async function steadyDescriptors() {
  let last = -1;
  for (let same = 0; same < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = descriptors();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

async function settle() {
  for (let round = 0; round < 4; round++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const descriptors = () => readdirSync('/proc/self/fd').length;
const threads = () => readdirSync('/proc/self/task').length;
const round = kind === 'batch' ? await batchRound() : await warmRound();

// Warm-up is twice the measured round: on the host 10 warm-up runs of warm workers leave 4 MB
// to the next 10, 20 leave 0.1 to 0.3 MB to the next 20 or 40; in the guest 1000 warm-up batch
// lines leave 1.1 MB to the next 1000.
const warmUpStatus = await round(2 * count);
await settle();
const before = { descriptors: descriptors(), rss: process.memoryUsage.rss() };
const started = performance.now();
const status = await round();
const milliseconds = performance.now() - started;
await settle();
writeSync(
  3,
  JSON.stringify({
    status: Math.max(warmUpStatus, status),
    count,
    milliseconds: Math.round(milliseconds),
    descriptors: descriptors() - before.descriptors,
    residentBytes: process.memoryUsage.rss() - before.rss,
  }),
);
process.exit(0);
