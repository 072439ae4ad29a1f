import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/cli/commands/bench.js';
import { UsageError } from '../../src/errors.js';
import { parseDuration, parseModes, parseSizes } from '../../src/bench/options.js';

describe('bench options', () => {
  it('has the documented defaults', () => {
    const parsed = parseBenchArgs([]);
    if (parsed === 'help') throw new Error('unexpected help');
    expect(parsed.settings.algorithm).toBe('cbc(aes)');
    expect(parsed.settings.sizes).toEqual([16, 512, 8192, 65536]);
    expect(parsed.settings.modes.map((mode) => mode.label)).toEqual(['oneshot', 'stream', 'chained', 'inline-iv', 'fanout:2', 'fanout:4']);
    expect(parsed.json).toBe(false);
    expect(parsed.chart).toBeUndefined();
  });

  it('parses every option', () => {
    const parsed = parseBenchArgs([
      '-c',
      'ctr(aes)',
      '--sizes',
      '512,16,512',
      '--modes',
      'fanout:3,oneshot',
      '--duration',
      '0.2',
      '--repetitions',
      '3',
      '--json',
      '--chart',
      'x.svg',
    ]);
    if (parsed === 'help') throw new Error('unexpected help');
    expect(parsed.settings).toMatchObject({ algorithm: 'ctr(aes)', sizes: [16, 512], durationSeconds: 0.2, repetitions: 3 });
    expect(parsed.settings.modes).toEqual([
      { kind: 'fanout', handles: 3, label: 'fanout:3' },
      { kind: 'oneshot', handles: 1, label: 'oneshot' },
    ]);
    expect(parsed).toMatchObject({ json: true, chart: 'x.svg' });
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--sizes', '0']],
    [['--sizes', '16,abc']],
    [['--sizes', '']],
    [['--modes', 'fanout:0']],
    [['--modes', 'turbo']],
    [['--duration', '-1']],
    [['--duration', '1e3x']],
    [['--repetitions', '0']],
    [['--bogus']],
    [['stray']],
    [['-c']],
  ])('rejects %j with a usage error', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
  });

  it('parses the lists on their own', () => {
    expect(parseSizes('65536,16')).toEqual([16, 65536]);
    expect(parseModes('inline-iv').map((mode) => mode.kind)).toEqual(['inline-iv']);
    expect(parseDuration('.5')).toBe(0.5);
  });
});
