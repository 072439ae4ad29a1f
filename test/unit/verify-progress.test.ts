import { describe, expect, it } from 'vitest';
import { bar, createProgress } from '../../src/cli/commands/toolkit-progress.js';

function fakeTerminal(columns = 40) {
  const writes: string[] = [];
  let time = 0;
  const progress = createProgress(true, { columns, write: (chunk: string) => writes.push(chunk) > 0 } as never, () => time);
  return { writes, progress, advance: (ms: number) => (time += ms) };
}

describe('vectors progress line', () => {
  it('redraws in place at most ten times a second, and clears itself', () => {
    const { writes, progress, advance } = fakeTerminal();
    progress.update('one');
    progress.update('two');
    advance(150);
    progress.update('three');
    progress.clear();
    expect(writes).toEqual(['\r\x1b[Kone', '\r\x1b[Kthree', '\r\x1b[K']);
  });

  it('prints messages above the line and redraws it; truncates to the terminal width', () => {
    const { writes, progress } = fakeTerminal(21);
    progress.update('x'.repeat(30));
    progress.message('kcapi: vectors: note: something');
    expect(writes).toEqual([`\r\x1b[K${'x'.repeat(19)}…`, '\r\x1b[K', 'kcapi: vectors: note: something\n', `\r\x1b[K${'x'.repeat(19)}…`]);
  });

  it('hide() takes the line away until the next update', () => {
    const { writes, progress, advance } = fakeTerminal();
    progress.update('a');
    progress.hide();
    progress.hide();
    advance(10);
    progress.update('b');
    expect(writes).toEqual(['\r\x1b[Ka', '\r\x1b[K', '\r\x1b[Kb']);
  });

  it('draws nothing when disabled (not a terminal)', () => {
    const progress = createProgress(false);
    expect(() => progress.update('x')).not.toThrow();
  });

  it('bar', () => {
    expect(bar(0, 4)).toBe('[....]');
    expect(bar(0.5, 4)).toBe('[##..]');
    expect(bar(2, 4)).toBe('[####]');
  });
});
