import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseVectorFile } from '../../src/verify/cavp.js';
import { collectVectorFiles } from '../../src/verify/discover.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';

const root = requireCavpRoot();

function allFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? allFiles(path) : [path];
  });
}

const responseFiles = allFiles(root)
  .filter((path) => path.endsWith('.rsp'))
  .sort();
const recognised = allFiles(root)
  .filter((path) => detectFormat(path) !== null)
  .sort();

/** Records counted independently of the parser: lines that open one. */
function countRecordLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  const opener = /^(COUNT|Count)\s*=/m.test(text) ? /^(?:COUNT|Count)\s*=/gm : /^Len\s*=/gm;
  return text.match(opener)?.length ?? 0;
}

describe('the CAVP files of python3-cryptography-vectors', () => {
  it('are there in the expected numbers', () => {
    expect(responseFiles.length).toBeGreaterThanOrEqual(270);
    // Everything but the asymmetric (DSA, ECDSA, RSA) response files has a format.
    const unknown = responseFiles.filter((path) => detectFormat(path) === null);
    expect(unknown.every((path) => relative(root, path).startsWith('asymmetric/'))).toBe(true);
  });

  it.each(recognised.map((path) => [relative(root, path), path]))(
    '%s parses without malformed lines',
    async (_, path) => {
      const parsed = await parseVectorFile(path);
      expect(parsed.malformed).toEqual([]);
      expect(parsed.notes).toEqual([]);
      expect(parsed.cases.length).toBe(countRecordLines(path));
      expect(parsed.cases.length).toBeGreaterThan(0);
      expect(new Set(parsed.cases.map((c) => c.id)).size).toBe(parsed.cases.length);
    },
    60_000,
  );

  it('asymmetric response files are skipped with a note, not misread', async () => {
    const dsa = responseFiles.find((path) => path.includes('/DSA/'))!;
    const parsed = await parseVectorFile(dsa);
    expect(parsed.cases).toEqual([]);
    expect(parsed.notes.map((n) => n.message)).toEqual(['not a recognised vector file name; skipped']);
  });

  it('a directory scan takes .rsp files and the recognised listings, not duplicates or read-me files', async () => {
    const selection = await collectVectorFiles([join(root, 'ciphers/AES/CCM'), join(root, 'hashes/SHA2')]);
    const files = selection.files.map((f) => relative(root, f));
    expect(files).toContain('ciphers/AES/CCM/DVPT128.rsp');
    expect(files).not.toContain('ciphers/AES/CCM/DVPT128.txt');
    expect(files).not.toContain('ciphers/AES/CCM/Readme.txt');
    expect(files).not.toContain('hashes/SHA2/SHA256Monte.txt');
    expect(files).not.toContain('hashes/SHA2/SHA256Monte.rsp');
    expect(selection.leftOut.map((f) => relative(root, f))).toContain('hashes/SHA2/SHA256Monte.rsp');
    expect(files).toHaveLength(15 + 12);
    expect(selection.leftOut).toHaveLength(6);
    const withMonte = await collectVectorFiles([join(root, 'hashes/SHA2')], { monteCarlo: true });
    expect(withMonte.files).toHaveLength(18);
    expect(withMonte.leftOut).toEqual([]);
    const named = await collectVectorFiles([join(root, 'hashes/SHA2/SHA256Monte.rsp')]);
    expect(named.files).toHaveLength(1);
    const rfc = await collectVectorFiles([join(root, 'HMAC'), join(root, 'ciphers/AES/CTR')]);
    expect(rfc.files.map((f) => relative(root, f))).toEqual([
      'HMAC/rfc-2202-md5.txt',
      'HMAC/rfc-2202-sha1.txt',
      'HMAC/rfc-2286-ripemd160.txt',
      'HMAC/rfc-4231-sha224.txt',
      'HMAC/rfc-4231-sha256.txt',
      'HMAC/rfc-4231-sha384.txt',
      'HMAC/rfc-4231-sha512.txt',
      'ciphers/AES/CTR/aes-128-ctr.txt',
      'ciphers/AES/CTR/aes-192-ctr.txt',
      'ciphers/AES/CTR/aes-256-ctr.txt',
    ]);
  });

  it('a path that does not exist is a usage error', async () => {
    await expect(collectVectorFiles([join(root, 'no-such-dir')])).rejects.toThrow(/no such file or directory/);
  });
});
