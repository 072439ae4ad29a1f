import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { optionTable } from '../../src/cli/option-table.js';
import { runInProcess, spawnKcapi } from './helpers.js';

/**
 * Random hex data that never reads as a decimal count: a digits-only string such as "998877"
 * given to -d would make one command line run a million requests (minutes under emulation).
 */
function hexData(): string {
  const hex = randomBytes(randomInt(0, 6)).toString('hex');
  return hex === '' ? hex : 'abcdef'[randomInt(6)]! + hex.slice(1);
}

/** Random command lines made of real options, junk values and junk words. */
function randomArgv(): string[] {
  const words = ['-', '', '--', 'X', '-0', '--=', '-p-', '@', '@-nothing', 'env:', '\u00ff', '%s%n', '9'.repeat(30)];
  const values = ['', '-', '00', '0', 'zz', '-5', '1', '2', '3', '9', '65', '4294967296', 'cbc(aes)', 'sha256', 'gcm(aes)', '@/dev/null'];
  const argv: string[] = [];
  for (let i = randomInt(0, 8); i > 0; i--) {
    const spec = optionTable[randomInt(optionTable.length)]!;
    if (spec.key === 'vm' || spec.key === 'batch' || spec.key === 'fuzz' || spec.key === 'aux') continue;
    const name = spec.short !== undefined && randomInt(2) === 0 ? `-${spec.short}` : `--${spec.long}`;
    argv.push(name);
    if (spec.argument === 'required' && randomInt(10) > 0) {
      argv.push(randomInt(3) === 0 ? hexData() : values[randomInt(values.length)]!);
    }
    if (randomInt(5) === 0) argv.push(words[randomInt(words.length)]!);
  }
  if (randomInt(2) === 0) argv.push('-d', String(randomInt(0, 3)));
  return argv;
}

describe('no crash on any input', () => {
  it('2000 random command lines in process end with a documented status', async () => {
    for (let i = 0; i < 2000; i++) {
      const argv = randomArgv();
      const run = await runInProcess(argv).catch((error: unknown) => {
        throw new Error(`${JSON.stringify(argv)} threw ${String(error)}`);
      });
      expect([0, 1, 2, 3], JSON.stringify(argv)).toContain(run.status);
    }
  });

  // Few: a process start costs seconds in the emulated guest; the 2000 above share the code.
  it('5 random command lines as processes: no signal, no stack trace', () => {
    for (let i = 0; i < 5; i++) {
      const argv = randomArgv();
      const run = spawnKcapi(argv);
      expect([0, 1, 2, 3], JSON.stringify(argv)).toContain(run.status);
      expect(run.stderr, JSON.stringify(argv)).not.toMatch(/^\s+at /m);
      expect(run.stderr.split('\n').filter(Boolean).length, JSON.stringify(argv)).toBeLessThanOrEqual(1);
    }
  });
});
