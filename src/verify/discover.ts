/** Which files `kcapi vectors PATH...` runs. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { detectFormat } from './cavp/formats.js';

/**
 * Files are taken as given (an unrecognised name is reported by the parser); directories
 * are searched recursively, in name order, for response files (*.rsp; those of an unknown
 * kind are then skipped with a note) and recognised listings in other files, leaving out
 * those that duplicate an .rsp (CCM DVPT*.txt) and other text (Readme.txt, Monte
 * intermediate values), and, unless asked for, Monte Carlo files (1000 chained digests per
 * record: minutes in an emulated guest). A path that does not exist is a usage error.
 */
export async function collectVectorFiles(paths: readonly string[], options: ScanOptions = {}): Promise<VectorFileSelection> {
  const selection: VectorFileSelection = { files: [], leftOut: [] };
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`${path}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`);
    });
    if (info.isDirectory()) await scanDirectory(path, options, selection);
    else selection.files.push(path);
  }
  selection.files = [...new Set(selection.files)];
  return selection;
}

export interface ScanOptions {
  /** Also take Monte Carlo files found in directories (always taken when named). */
  readonly monteCarlo?: boolean;
}

export interface VectorFileSelection {
  files: string[];
  /** Monte Carlo files a directory scan left out. */
  leftOut: string[];
}

async function scanDirectory(directory: string, options: ScanOptions, selection: VectorFileSelection): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await scanDirectory(path, options, selection);
    else if (!entry.isFile() || !isScanned(path)) continue;
    else if (detectFormat(path)?.monteCarlo && !options.monteCarlo) selection.leftOut.push(path);
    else selection.files.push(path);
  }
}

function isScanned(path: string): boolean {
  const format = detectFormat(path);
  return format ? format.inDirectoryScan : path.toLowerCase().endsWith('.rsp');
}
