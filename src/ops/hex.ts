/** Strict hexadecimal conversion (docs/reference-cli.md §2): two digits a byte, no separators, any case. */

const nonHexDigit = /[^0-9a-fA-F]/;

/** Why `text` is not a hex string, or undefined when it is one. */
export function hexProblem(text: string): string | undefined {
  const bad = nonHexDigit.exec(text);
  if (bad) {
    const shown = JSON.stringify(bad[0]);
    return `not hexadecimal: character ${shown} at position ${bad.index + 1}`;
  }
  if (text.length % 2 !== 0) {
    return `odd number of hex digits (${text.length}): two digits make a byte`;
  }
  return undefined;
}

/** Decodes a hex string that `hexProblem` accepted. */
export function hexToBytes(text: string): Buffer {
  const problem = hexProblem(text);
  if (problem !== undefined) throw new RangeError(problem);
  return Buffer.from(text, 'hex');
}

/** Lowercase hex of the concatenated parts, no separators. */
export function bytesToHex(...parts: readonly Uint8Array[]): string {
  let text = '';
  for (const part of parts) {
    text += Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('hex');
  }
  return text;
}
