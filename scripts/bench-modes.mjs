#!/usr/bin/env node
// Benchmark of the request modes (not a test): requests per second of cbc(aes) for a one-shot
// loop (send + read per request), chained AIO on one socket, inline IV, and fan-out over 2 and
// 4 sockets, for 16 B, 512 B, 8 KiB and 64 KiB requests; then one AIO batch of 64 requests
// through the addon against a minimal C program making the same system calls (compiled now
// with cc). Every ratio printed comes from this one run. Needs AF_ALG: run it in a guest,
//   node bin/kcapi.js vm -- node scripts/bench-modes.mjs [--seconds S] [--sizes 16,512,...]
// after `npm run build` and `npx node-gyp rebuild`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { Transform, algorithmInfo } = await import(join(root, 'dist/kernel/index.js'));
const { OperationPort } = await import(join(root, 'dist/modes/kernel-port.js'));
const { runRequests } = await import(join(root, 'dist/modes/request-runner.js'));
const { AioReader } = await import(join(root, 'dist/modes/aio-context.js'));

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const seconds = Number(option('seconds', '1'));
const sizes = option('sizes', '16,512,8192,65536').split(',').map(Number);
const algorithmName = option('algorithm', 'cbc(aes)');
const key = randomBytes(32);
const iv = randomBytes(16);

function openTransform() {
  const transform = Transform.open('skcipher', algorithmName);
  transform.setKey(key);
  return transform;
}

/** Runs `round` (returning the requests it did) until `seconds` passed; requests per second. */
async function rate(round) {
  await round(); // warm-up
  let requests = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  do {
    requests += await round();
    now = process.hrtime.bigint();
  } while (now < deadline);
  return requests / (Number(now - start) / 1e9);
}

function oneShot(size) {
  const transform = openTransform();
  const operation = transform.accept();
  const input = randomBytes(size);
  const output = Buffer.alloc(size);
  return {
    round: async () => {
      for (let i = 0; i < 16; i++) {
        operation.send(input, { op: 'encrypt', iv });
        operation.readInto(output);
      }
      return 16;
    },
    close: () => transform.close(),
  };
}

function modeRun(size, mode, handles, path) {
  const transform = openTransform();
  const ports = Array.from({ length: handles }, () => new OperationPort(transform.accept(), { path, vmsplice: false }));
  // Enough requests per round for every socket to fill whole batches.
  const perSocket = Math.max(1, Math.min(64, Math.floor(ports[0].sendCapacity / size)));
  const requests = perSocket * handles * (mode === 'inline-iv' ? 1 : 2);
  const input = randomBytes(size);
  const set = { op: 1, inputs: Array(requests).fill(input), outputLength: size, ivs: Array(requests).fill(iv) };
  return {
    round: async () => {
      await runRequests(ports, set, { mode, handles });
      return requests;
    },
    close: () => {
      for (const port of ports) port.close();
      transform.close();
    },
  };
}

async function measure(setup) {
  const run = setup();
  try {
    return await rate(run.round);
  } finally {
    run.close();
  }
}

const format = (value) => (value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(0));
const probe = openTransform();
const driver = algorithmInfo(probe).driver;
probe.close();
console.log(`kernel ${release()}, ${availableParallelism()} CPUs, ${algorithmName} served by ${driver}, ${seconds} s per cell`);
console.log('requests/s      one-shot   chained   inline-iv  fan-out-2  fan-out-4   fan-out-2/chained');
const results = {};
for (const size of sizes) {
  const row = {
    oneShot: await measure(() => oneShot(size)),
    chained: await measure(() => modeRun(size, 'chained', 1, 'sync')),
    inlineIv: await measure(() => modeRun(size, 'inline-iv', 1, 'sync')),
    fanOut2: await measure(() => modeRun(size, 'chained', 2, 'thread')),
    fanOut4: await measure(() => modeRun(size, 'chained', 4, 'thread')),
  };
  results[size] = row;
  const label = size >= 1024 ? `${size / 1024} KiB` : `${size} B`;
  console.log(
    `${label.padEnd(12)} ${[row.oneShot, row.chained, row.inlineIv, row.fanOut2, row.fanOut4].map((v) => format(v).padStart(10)).join(' ')}   ${(row.fanOut2 / row.chained).toFixed(2)}x`,
  );
}

// Waiting on the calling thread against waiting in the event loop (eventfd), 16-byte requests.
const syncRate = await measure(() => modeRun(16, 'chained', 1, 'sync'));
const eventRate = await measure(() => modeRun(16, 'chained', 1, 'event'));
console.log(
  `AIO wait on the calling thread vs in the event loop (16 B chained): ${format(syncRate)} vs ${format(eventRate)} requests/s (${(syncRate / eventRate).toFixed(2)}x)`,
);

// One batch of 64 requests of 16 bytes: the addon against the minimal C program.
const batchSize = 64;
const requestBytes = 16;
const dir = mkdtempSync(join(tmpdir(), 'kcapi-bench-'));
try {
  const program = join(dir, 'bench-modes-aio');
  execFileSync('cc', ['-O2', '-o', program, join(root, 'scripts', 'bench-modes-aio.c')]);
  const c = JSON.parse(
    execFileSync(
      program,
      [algorithmName, key.toString('hex'), iv.toString('hex'), String(requestBytes), String(batchSize), String(seconds)],
      { encoding: 'utf8' },
    ),
  );
  const cBatches = c.batches / (c.elapsedNs / 1e9);
  const transform = openTransform();
  const operation = transform.accept();
  const reader = new AioReader(operation, 'sync');
  const input = randomBytes(requestBytes * batchSize);
  const buffers = Array.from({ length: batchSize }, () => Buffer.alloc(requestBytes));
  const addonBatches =
    (await rate(async () => {
      operation.send(input, { op: 'encrypt', iv });
      await reader.submitReads(buffers);
      return batchSize;
    })) / batchSize;
  reader.close();
  transform.close();
  console.log(
    `AIO batch of ${batchSize} x ${requestBytes} B: addon ${format(addonBatches)} batches/s, C program ${format(cBatches)} batches/s (addon/C ${(addonBatches / cBatches).toFixed(2)}x; in flight at submit: C ${c.inFlightAtSubmit})`,
  );
  const at8k = results[8192];
  if (at8k) console.log(`goal fan-out 2 >= 1.6x chained at 8 KiB: ${(at8k.fanOut2 / at8k.chained).toFixed(2)}x`);
  console.log(`goal AIO batch of 64 no slower than C: ${(addonBatches / cBatches).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
