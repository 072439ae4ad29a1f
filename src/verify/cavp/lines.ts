/** Classification of one line of a CAVP response file. */

export type RspLine =
  | { readonly type: 'blank' }
  | { readonly type: 'comment'; readonly text: string }
  /** `[ENCRYPT]`, `[Tested for Output of byte-oriented messages]`: a label without `=`. */
  | { readonly type: 'section'; readonly name: string }
  /** `[Keylen = 128]`, `[Alen = 0, Plen = 0, Nlen = 7, Tlen = 4]`, `[PRF=HMAC_SHA1]`. */
  | { readonly type: 'params'; readonly params: ReadonlyArray<readonly [string, string]> }
  | { readonly type: 'field'; readonly name: string; readonly value: string; readonly indented: boolean }
  /** A bare word such as `FAIL` (GCM decryption that must be rejected). */
  | { readonly type: 'flag'; readonly name: string }
  /** A line of hex digits alone: continues the previous field's value. */
  | { readonly type: 'continuation'; readonly text: string }
  | { readonly type: 'malformed'; readonly reason: string };

const fieldName = /^[A-Za-z][A-Za-z0-9_ ()/.-]*$/;
const knownFlags = new Set(['FAIL']);
const hexOnly = /^[0-9a-fA-F]+$/;

export function classifyLine(raw: string): RspLine {
  const line = raw.replace(/\r$/, '');
  const text = line.trim();
  if (text === '') return { type: 'blank' };
  if (text.startsWith('#')) return { type: 'comment', text: text.slice(1).trim() };
  if (text.startsWith('[')) return classifyBracket(text);
  const eq = text.indexOf('=');
  if (eq > 0) {
    const name = text.slice(0, eq).trim();
    if (!fieldName.test(name)) return { type: 'malformed', reason: `invalid field name "${name}"` };
    return { type: 'field', name, value: text.slice(eq + 1).trim(), indented: /^\s/.test(line) };
  }
  if (knownFlags.has(text.toUpperCase())) return { type: 'flag', name: text.toUpperCase() };
  if (hexOnly.test(text)) return { type: 'continuation', text };
  return { type: 'malformed', reason: 'expected "NAME = VALUE", "[...]", a comment or a blank line' };
}

function classifyBracket(text: string): RspLine {
  if (!text.endsWith(']')) return { type: 'malformed', reason: 'unterminated "["' };
  const inner = text.slice(1, -1).trim();
  if (inner === '') return { type: 'malformed', reason: 'empty "[]"' };
  if (!inner.includes('=')) return { type: 'section', name: inner };
  const params: Array<readonly [string, string]> = [];
  for (const part of inner.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq <= 0 || !fieldName.test(name)) {
      return { type: 'malformed', reason: `bad parameter "${part.trim()}" in "[${inner}]"` };
    }
    params.push([name, part.slice(eq + 1).trim()]);
  }
  return { type: 'params', params };
}
