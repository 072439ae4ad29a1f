import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBatch, parseBatch, runBatch, runBatchLine, type BatchLine } from '../../src/cli/batch.js';
import { runCompatible } from '../../src/cli/compatible.js';
import { UsageError } from '../../src/errors.js';
import { CollectingOutput } from '../../src/ops/output.js';

const folder = mkdtempSync(join(tmpdir(), 'kcapi-batch-unit-'));
function batchFile(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no usage error');
}

/** A line runner that answers each line's first word as its exit status and records the lines. */
function scriptedRunner(): { seen: string[][]; run: (argv: readonly string[]) => Promise<number> } {
  const seen: string[][] = [];
  return { seen, run: async (argv) => (seen.push([...argv]), Number(argv[0])) };
}

const lines = (...statuses: number[]): BatchLine[] => statuses.map((status, index) => ({ line: index + 1, argv: [String(status)] }));

describe('parseBatch', () => {
  it('drops a leading kcapi (or a path to it) and keeps line numbers', () => {
    expect(parseBatch('kcapi -x 3\n\n/usr/bin/kcapi -x 1\n-x 2 -c kcapi\n', 'f')).toEqual([
      { line: 1, argv: ['-x', '3'] },
      { line: 3, argv: ['-x', '1'] },
      { line: 4, argv: ['-x', '2', '-c', 'kcapi'] },
    ]);
  });

  it('keeps a line that is only kcapi as an empty invocation', () => {
    expect(parseBatch('kcapi\n', 'f')).toEqual([{ line: 1, argv: [] }]);
  });

  it('names file:line in a quoting error (a usage error: exit 2)', () => {
    expect(usageMessage(() => parseBatch('-x 3\n# ok\n-c "sha256\n', 'lines.txt'))).toMatch(
      /^--batch: lines\.txt:3: unterminated double quote/,
    );
  });
});

describe('loadBatch', () => {
  it('reads and parses a file', () => {
    const path = batchFile('two.txt', "kcapi -x 3 -c sha256 -p ''\n-x 3 -c sha1 -p 00\n");
    expect(loadBatch(path).map((line) => line.argv)).toEqual([
      ['-x', '3', '-c', 'sha256', '-p', ''],
      ['-x', '3', '-c', 'sha1', '-p', '00'],
    ]);
  });

  it('says why a file cannot be read', () => {
    expect(usageMessage(() => loadBatch(join(folder, 'missing.txt')))).toMatch(/cannot read .*missing\.txt: ENOENT/);
    expect(usageMessage(() => loadBatch(folder))).toMatch(/EISDIR/);
  });

  it('names the file and line of a quoting error', () => {
    const path = batchFile('bad.txt', "-x 3\n-x 3 -c 'sha256\n");
    expect(usageMessage(() => loadBatch(path))).toContain(`${path}:2: unterminated single quote`);
  });
});

describe('runBatch', () => {
  it('runs every line in order; status 0 when all succeed', async () => {
    const runner = scriptedRunner();
    const outcome = await runBatch(lines(0, 0, 0), false, runner.run);
    expect(runner.seen).toEqual([['0'], ['0'], ['0']]);
    expect(outcome).toEqual({ status: 0, ran: 3, failed: [], stopped: false });
  });

  it('goes on after a failing line and exits 1, naming the failed lines', async () => {
    const runner = scriptedRunner();
    const outcome = await runBatch(lines(0, 3, 0, 2, 0), false, runner.run);
    expect(runner.seen).toHaveLength(5);
    expect(outcome).toEqual({
      status: 1,
      ran: 5,
      failed: [
        { line: 2, status: 3 },
        { line: 4, status: 2 },
      ],
      stopped: false,
    });
  });

  it('stops at the first failure with --fail-fast', async () => {
    const runner = scriptedRunner();
    const outcome = await runBatch(lines(0, 1, 0), true, runner.run);
    expect(runner.seen).toEqual([['0'], ['1']]);
    expect(outcome).toEqual({ status: 1, ran: 2, failed: [{ line: 2, status: 1 }], stopped: true });
  });

  it('does not call a failing last line stopped', async () => {
    expect((await runBatch(lines(0, 1), true, scriptedRunner().run)).stopped).toBe(false);
  });
});

describe('batch lines that would nest', () => {
  it('refuses --vm, --batch and the vm command on a line (usage, status 2) without dispatching it', async () => {
    const dispatched: (readonly string[])[] = [];
    const dispatch = async (argv: readonly string[]) => {
      dispatched.push(argv);
      return 0;
    };
    expect(await runBatchLine(['--vm', '-x', '3', '-c', 'sha256', '-p', '00'], dispatch)).toBe(2);
    expect(await runBatchLine(['--vm=6.12', '-x', '3'], dispatch)).toBe(2);
    expect(await runBatchLine(['--batch', 'other.txt'], dispatch)).toBe(2);
    expect(await runBatchLine(['vm', '--', 'true'], dispatch)).toBe(2);
    expect(dispatched).toEqual([]);
  });

  it('hands every other line, subcommands included, to the dispatcher', async () => {
    const dispatched: (readonly string[])[] = [];
    const dispatch = async (argv: readonly string[]) => {
      dispatched.push(argv);
      return dispatched.length;
    };
    expect(await runBatchLine(['-x', '3', '-c', 'sha256', '-p', '00'], dispatch)).toBe(1);
    expect(await runBatchLine(['info', '--json'], dispatch)).toBe(2);
    expect(dispatched).toEqual([
      ['-x', '3', '-c', 'sha256', '-p', '00'],
      ['info', '--json'],
    ]);
  });
});

describe('the outer --batch command line', () => {
  const file = batchFile('one.txt', '-x 3 -c sha256 -p 00\n');
  const run = async (...argv: string[]) => {
    const output = new CollectingOutput();
    const status = await runCompatible(argv, output);
    return { status, stdout: output.text() };
  };

  it('takes only --fail-fast and --vm besides --batch', async () => {
    expect(await run('--batch', file, '-x', '3')).toEqual({ status: 2, stdout: '' });
    expect(await run('--batch', file, '--json')).toEqual({ status: 2, stdout: '' });
  });

  it('refuses --fail-fast without --batch', async () => {
    expect(await run('--fail-fast', '-x', '3', '-c', 'sha256', '-p', '00')).toEqual({ status: 2, stdout: '' });
  });

  it('refuses what a guest cannot read before booting one', async () => {
    expect(await run('--vm', '--batch', '-')).toEqual({ status: 2, stdout: '' });
    expect(await run('--vm', '--batch', '/tmp/kcapi-batch.txt')).toEqual({ status: 2, stdout: '' });
  });

  it('exits 2 for an unreadable batch file', async () => {
    expect((await run('--batch', join(folder, 'missing.txt'))).status).toBe(2);
  });
});
