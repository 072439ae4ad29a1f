import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseArguments } from '../../src/cli/getopt.js';
import { optionTable, type OptionKey } from '../../src/cli/option-table.js';

/** [key, value] pairs in command-line order. */
function parse(argv: string[]): [OptionKey, string | undefined][] {
  return parseArguments(argv, optionTable).occurrences.map((o) => [o.spec.key, o.value]);
}

function usageError(argv: string[]): string {
  try {
    parseArguments(argv, optionTable);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
}

describe('short options', () => {
  it('take a value attached or from the next word', () => {
    expect(parse(['-x3', '-d', '2'])).toEqual([
      ['cipherType', '3'],
      ['loops', '2'],
    ]);
  });

  it('take the next word even when it starts with "-"', () => {
    expect(parse(['-p', '-', '-k', '-1', '-c', '--enc'])).toEqual([
      ['plaintext', '-'],
      ['key', '-1'],
      ['cipher', '--enc'],
    ]);
  });

  it('cluster flags, and a cluster ends at an option with a value', () => {
    expect(parse(['-esv'])).toEqual([
      ['encrypt', undefined],
      ['stream', undefined],
      ['vmsplice', undefined],
    ]);
    expect(parse(['-ex3'])).toEqual([
      ['encrypt', undefined],
      ['cipherType', '3'],
    ]);
    expect(parse(['-ecsha256'])).toEqual([
      ['encrypt', undefined],
      ['cipher', 'sha256'],
    ]);
    expect(parse(['-ec', 'x'])).toEqual([
      ['encrypt', undefined],
      ['cipher', 'x'],
    ]);
  });

  it('accept empty strings as values', () => {
    expect(parse(['-p', '', '-a', '', '-q', '', '-i', ''])).toEqual([
      ['plaintext', ''],
      ['assoc', ''],
      ['ciphertext', ''],
      ['iv', ''],
    ]);
  });

  it('-h is the fuzz test, not help', () => {
    expect(parse(['-h'])).toEqual([['fuzz', undefined]]);
  });

  it('reject unknown letters and a missing value', () => {
    expect(usageError(['-w'])).toBe("invalid option -- 'w'");
    expect(usageError(['-e', '-W'])).toBe("invalid option -- 'W'");
    expect(usageError(['-x'])).toBe("option requires an argument -- 'x'");
    expect(usageError(['-ex'])).toBe("option requires an argument -- 'x'");
  });
});

describe('long options', () => {
  it('take --opt value and --opt=value (also empty and starting with "-")', () => {
    expect(parse(['--cipher', 'sha1', '--pt=6162', '--key=', '--iv', '-'])).toEqual([
      ['cipher', 'sha1'],
      ['plaintext', '6162'],
      ['key', ''],
      ['iv', '-'],
    ]);
  });

  it('take the values the reference drops (--execloops, --operation, --outlen)', () => {
    expect(parse(['--execloops', '5', '--operation', '2', '--outlen=12'])).toEqual([
      ['loops', '5'],
      ['operation', '2'],
      ['outputLength', '12'],
    ]);
  });

  it('accept unique prefixes', () => {
    expect(parse(['--execl', '4', '--ciphert', '3', '--aio'])).toEqual([
      ['loops', '4'],
      ['cipherType', '3'],
      ['aioFallback', undefined],
    ]);
    expect(parse(['--en', '--lar', '--printa'])).toEqual([
      ['encrypt', undefined],
      ['largeInput', undefined],
      ['printAad', undefined],
    ]);
  });

  it('prefer an exact name over longer names it prefixes', () => {
    expect(parse(['--tag', '00', '--cipher', 'x', '--iv', '00', '--vm'])).toEqual([
      ['tag', '00'],
      ['cipher', 'x'],
      ['iv', '00'],
      ['vm', undefined],
    ]);
  });

  it('reject an ambiguous prefix, naming the candidates', () => {
    expect(usageError(['--cip', 'x'])).toBe("option '--cip' is ambiguous; possibilities: '--ciphertype' '--cipher'");
    expect(usageError(['--ta', '4'])).toBe("option '--ta' is ambiguous; possibilities: '--taglen' '--tag'");
    expect(usageError(['--ver'])).toBe("option '--ver' is ambiguous; possibilities: '--verbose' '--verify' '--version'");
  });

  it('resolve prefixes against the reference options before the extensions', () => {
    expect(parse(['--v'])).toEqual([['vmsplice', undefined]]);
    expect(parse(['--i', '00'])).toEqual([['iv', '00']]);
    expect(parse(['--f'])).toEqual([['fuzz', undefined]]);
    expect(parse(['--ex', '2'])).toEqual([['loops', '2']]);
    expect(parse(['--he'])).toEqual([['help', undefined]]);
    expect(parse(['--vers'])).toEqual([['version', undefined]]);
    expect(parse(['--ha', '2'])).toEqual([['handles', '2']]);
  });

  it('reject unknown names, values on flags and missing values', () => {
    expect(usageError(['--frobnicate'])).toBe("unrecognized option '--frobnicate'");
    expect(usageError(['--enc=1'])).toBe("option '--enc' doesn't allow an argument");
    expect(usageError(['--cipher'])).toBe("option '--cipher' requires an argument");
    expect(usageError(['-e', '--key'])).toBe("option '--key' requires an argument");
  });

  it('--vm takes a value only when attached', () => {
    expect(parse(['--vm=6.12', '-x', '3'])).toEqual([
      ['vm', '6.12'],
      ['cipherType', '3'],
    ]);
    const parsed = parseArguments(['-e', '--vm', '6.12'], optionTable);
    expect(parsed.occurrences.map((o) => [o.spec.key, o.value])).toEqual([
      ['encrypt', undefined],
      ['vm', undefined],
    ]);
    expect(parsed.operands).toEqual(['6.12']);
  });
});

describe('operands', () => {
  it('are skipped and the options after them still parsed (a stray X in scripts)', () => {
    const parsed = parseArguments(['-x', '1', 'X', '-e', '-', '', '-c', 'cbc(aes)'], optionTable);
    expect(parsed.occurrences.map((o) => o.spec.key)).toEqual(['cipherType', 'encrypt', 'cipher']);
    expect(parsed.operands).toEqual(['X', '-', '']);
  });

  it('"--" ends the options', () => {
    const parsed = parseArguments(['-e', '--', '-x', '1'], optionTable);
    expect(parsed.occurrences.map((o) => o.spec.key)).toEqual(['encrypt']);
    expect(parsed.operands).toEqual(['-x', '1']);
  });
});

describe('repeated options', () => {
  it('are all reported in order (the last one wins when folded)', () => {
    expect(parse(['-d', '1', '-d', '5'])).toEqual([
      ['loops', '1'],
      ['loops', '5'],
    ]);
  });
});

describe('-z acts at once', () => {
  it('stops parsing: later arguments, even invalid ones, are not read', () => {
    expect(parse(['-c', 'x', '-z', '--nonsense', '-x'])).toEqual([
      ['cipher', 'x'],
      ['aux', undefined],
    ]);
    expect(parse(['-ze'])).toEqual([['aux', undefined]]);
    expect(parse(['--aux', '-W'])).toEqual([['aux', undefined]]);
  });
});

describe('word positions', () => {
  it('record where each option came from (used to drop --vm)', () => {
    const parsed = parseArguments(['-x', '3', '--vm=sid', '-cabc', '-p', '00'], optionTable);
    expect(parsed.occurrences.map((o) => [o.index, o.wordCount])).toEqual([
      [0, 2],
      [2, 1],
      [3, 1],
      [4, 2],
    ]);
  });
});
