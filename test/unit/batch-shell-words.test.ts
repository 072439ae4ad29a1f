import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ShellSyntaxError, splitCommands } from '../../src/cli/shell-words.js';

const words = (text: string): string[][] => splitCommands(text).map((command) => [...command.words]);

/** What /bin/sh makes of one command line (printf one word per line, NUL-separated). */
function shellWords(line: string): string[] {
  const result = spawnSync('/bin/sh', ['-c', `set -f; printf '%s\\0' ${line}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sh failed on ${line}: ${result.stderr}`);
  return result.stdout.split('\0').slice(0, -1);
}

function syntaxError(text: string): ShellSyntaxError {
  try {
    splitCommands(text);
  } catch (error) {
    if (error instanceof ShellSyntaxError) return error;
    throw error;
  }
  throw new Error(`no syntax error for ${JSON.stringify(text)}`);
}

describe('splitCommands', () => {
  it('splits lines into commands and blanks into words, skipping blank lines', () => {
    expect(splitCommands('-x 3 -c sha256\n\n  \t\n-x\t1  -e\n')).toEqual([
      { line: 1, words: ['-x', '3', '-c', 'sha256'] },
      { line: 4, words: ['-x', '1', '-e'] },
    ]);
  });

  it('skips comments that start a word, keeps # inside a word', () => {
    expect(words('# a comment\n-c a#b # trailing comment\n   # indented\n')).toEqual([['-c', 'a#b']]);
    expect(words('-p \'#not a comment\' "#nor this"')).toEqual([['-p', '#not a comment', '#nor this']]);
  });

  it('keeps empty quoted words (-p "" is a present empty value)', () => {
    expect(words(`-p "" -a '' -q ""''`)).toEqual([['-p', '', '-a', '', '-q', '']]);
  });

  it('joins adjacent quoted and unquoted parts into one word', () => {
    expect(words(`-c cbc'('"aes"')' x"y z"'w'`)).toEqual([['-c', 'cbc(aes)', 'xy zw']]);
  });

  it('takes everything in single quotes literally', () => {
    expect(words(`'a\\b' '$HOME' '"'`)).toEqual([['a\\b', '$HOME', '"']]);
  });

  it('honours only \\" \\\\ \\$ \\` in double quotes, as POSIX sh', () => {
    expect(words(`"a\\"b" "c\\\\d" "\\$x" "\\\`" "\\n" "\\'"`)).toEqual([['a"b', 'c\\d', '$x', '`', '\\n', "\\'"]]);
  });

  it('escapes any character with a backslash outside quotes', () => {
    expect(words(`a\\ b \\'c \\"d \\\\ \\#e`)).toEqual([['a b', "'c", '"d', '\\', '#e']]);
  });

  it('continues a line after backslash-newline, outside and inside double quotes', () => {
    expect(splitCommands('-x 3 \\\n  -c sha256\n-x "a\\\nb"\n')).toEqual([
      { line: 1, words: ['-x', '3', '-c', 'sha256'] },
      { line: 3, words: ['-x', 'ab'] },
    ]);
  });

  it('expands nothing: $, ~ and globs are ordinary characters', () => {
    expect(words('$HOME ~ * `x`')).toEqual([['$HOME', '~', '*', '`x`']]);
  });

  it('refuses an unquoted ; | & < > at its line, and takes them quoted or escaped', () => {
    for (const char of [';', '|', '&', '<', '>']) {
      expect(syntaxError(`-x 3 -c sha256 -p 00\n-p 00 ${char} x\n`)).toMatchObject({
        line: 2,
        message: expect.stringContaining(`unquoted "${char}"`),
      });
      expect(syntaxError(`-p 00${char}`)).toMatchObject({ line: 1 });
      expect(words(`'a${char}b' "${char}" \\${char}`)).toEqual([[`a${char}b`, char, char]]);
    }
    expect(words('# a comment; with | pipes\n-x 3')).toEqual([['-x', '3']]);
  });

  it('treats CRLF line ends as LF', () => {
    expect(words('-x 3\r\n-x 1\r\n')).toEqual([
      ['-x', '3'],
      ['-x', '1'],
    ]);
  });

  it('agrees with /bin/sh on quoted words', () => {
    const samples = [`-c "cbc(aes)" -p ''`, `a\\ b "c d" 'e f'g`, `"x\\"y" 'z\\'`, `"\\$a" "\\\\" "\\q"`, `-k\\ 00 "" -"p"`];
    for (const sample of samples) expect(words(sample)[0] ?? [], sample).toEqual(shellWords(sample));
  });

  it('reports an unterminated quote at the line where it opened', () => {
    expect(syntaxError(`-x 3\n-c 'sha256\n-p 00\n`)).toMatchObject({
      line: 2,
      message: expect.stringMatching(/unterminated single quote/),
    });
    expect(syntaxError(`-x 3\n\n-c "sha256\n`)).toMatchObject({ line: 3, message: expect.stringMatching(/unterminated double quote/) });
    expect(syntaxError(`-c "a\\\nb`)).toMatchObject({ line: 1 });
    expect(syntaxError(`-c "abc`)).toMatchObject({ line: 1 });
  });

  it('rejects a backslash at the very end', () => {
    expect(syntaxError('-x 3\n-p 00 \\')).toMatchObject({ line: 2, message: expect.stringMatching(/backslash/) });
  });

  it('returns no command for empty or comment-only text', () => {
    expect(splitCommands('')).toEqual([]);
    expect(splitCommands('\n# only\n   \n')).toEqual([]);
  });
});
