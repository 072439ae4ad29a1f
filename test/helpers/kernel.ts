import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afAlgStatus } from '../../src/kernel/index.js';
import { parseVectorFile } from '../../src/verify/cavp.js';
import type { VectorCase } from '../../src/verify/cases.js';
import { requireCavpRoot } from './cavp-dir.js';

/** Kernel suites never skip: without AF_ALG they fail and say where to run them. */
export function requireAfAlg(): void {
  const status = afAlgStatus();
  if (!status.available) {
    throw new Error(
      `kernel tests need AF_ALG (${status.reason}); run them in a guest: ` +
        '`node bin/kcapi.js vm -- npx vitest run --project kernel` (or /work/guest-run.sh npx vitest run --project kernel)',
    );
  }
}

/**
 * The usable cases of the CAVP files in `directory` (relative to the vectors root) whose names
 * match, at most `limit` per file, spread evenly over the file. Fails on an empty or malformed file.
 */
export async function vectorCases<K extends VectorCase['kind']>(
  directory: string,
  pattern: RegExp,
  kind: K,
  limit = Infinity,
  usable: (vector: Extract<VectorCase, { kind: K }>) => boolean = () => true,
): Promise<Array<Extract<VectorCase, { kind: K }>>> {
  const root = join(requireCavpRoot(), directory);
  const files = readdirSync(root)
    .filter((name) => pattern.test(name))
    .sort();
  if (files.length === 0) throw new Error(`no vector files matching ${pattern} in ${root}`);
  const selected: Array<Extract<VectorCase, { kind: K }>> = [];
  for (const file of files) {
    const parsed = await parseVectorFile(join(root, file));
    if (parsed.malformed.length > 0) throw new Error(`${file}: ${parsed.malformed[0]!.message}`);
    const cases = parsed.cases.filter((c): c is Extract<VectorCase, { kind: K }> => c.kind === kind && usable(c as never));
    if (cases.length === 0) throw new Error(`${file}: no ${kind} cases`);
    const step = Math.max(1, Math.ceil(cases.length / limit));
    for (let index = 0; index < cases.length; index += step) selected.push(cases[index]!);
  }
  return selected;
}

/** Descriptors open in this process. */
export function openDescriptorCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Resident set size in bytes, from /proc/self/statm. */
export function residentBytes(): number {
  const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
  return pages * 4096;
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
