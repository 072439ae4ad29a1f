/** Quotes `word` for a POSIX shell: single quotes, with embedded ones spliced in. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellQuoteAll(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
