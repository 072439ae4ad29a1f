/**
 * Splits a text into commands and words the way a POSIX shell does for simple commands,
 * without any expansion: one command per line; 'single quotes' keep everything literally;
 * "double quotes" honour the backslash escapes \" \\ \$ \` and backslash-newline; outside
 * quotes a backslash takes the next character literally and backslash-newline continues
 * the line; a # starting a word comments out the rest of the line. Quotes do not span
 * lines. $, `, ~ and globs are ordinary characters (nothing is expanded). An unquoted
 * ; | & < or > is a syntax error: a shell would split, pipe, background or redirect there, and
 * silently keeping them as words would run something other than what the line says.
 */

/** One command: its words and the line it starts on (1-based). */
export interface ShellCommand {
  readonly line: number;
  readonly words: readonly string[];
}

/** A syntax error at `line` (1-based). */
export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Characters a backslash escapes inside double quotes (POSIX); before others it is literal. */
const doubleQuoteEscapes = new Set(['"', '\\', '$', '`']);

export function splitCommands(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word: string | undefined;
  let line = 1;
  let commandLine = 1;

  const endWord = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push({ line: commandLine, words });
    words = [];
  };

  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (words.length === 0 && word === undefined) commandLine = line;
    switch (char) {
      case '\n':
        endCommand();
        line++;
        break;
      case ' ':
      case '\t':
      case '\r':
        endWord();
        break;
      case '#':
        if (word === undefined) {
          while (at + 1 < text.length && text[at + 1] !== '\n') at++;
        } else {
          word += char;
        }
        break;
      case '\\': {
        const next = text[at + 1];
        if (next === undefined) throw new ShellSyntaxError(line, 'a backslash ends the text (nothing to escape)');
        at++;
        if (next === '\n') line++;
        else word = (word ?? '') + next;
        break;
      }
      case "'": {
        const close = text.indexOf("'", at + 1);
        const newline = text.indexOf('\n', at + 1);
        if (close < 0 || (newline >= 0 && newline < close)) {
          throw new ShellSyntaxError(line, 'unterminated single quote (quotes do not span lines)');
        }
        word = (word ?? '') + text.slice(at + 1, close);
        at = close;
        break;
      }
      case '"': {
        const opened = line;
        let quoted = '';
        for (at++; ; at++) {
          const inner = text[at];
          if (inner === undefined || inner === '\n') {
            throw new ShellSyntaxError(opened, 'unterminated double quote (quotes do not span lines)');
          }
          if (inner === '"') break;
          if (inner === '\\') {
            const next = text[at + 1];
            if (next === '\n') {
              at++;
              line++;
              continue;
            }
            if (next !== undefined && doubleQuoteEscapes.has(next)) {
              quoted += next;
              at++;
              continue;
            }
          }
          quoted += inner;
        }
        word = (word ?? '') + quoted;
        break;
      }
      case ';':
      case '|':
      case '&':
      case '<':
      case '>':
        throw new ShellSyntaxError(
          line,
          `unquoted "${char}": a line is one kcapi command, not a shell pipeline or redirection (quote it to pass it as a word)`,
        );
      default:
        word = (word ?? '') + char;
    }
  }
  endCommand();
  return commands;
}
