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
 * intermediate values). A path that does not exist is a usage error.
 */
export async function collectVectorFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`${path}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`);
    });
    if (info.isDirectory()) files.push(...(await scanDirectory(path)));
    else files.push(path);
  }
  return [...new Set(files)];
}

async function scanDirectory(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await scanDirectory(path)));
    else if (entry.isFile() && isScanned(path)) files.push(path);
  }
  return files;
}

function isScanned(path: string): boolean {
  const format = detectFormat(path);
  return format ? format.inDirectoryScan : path.toLowerCase().endsWith('.rsp');
}
