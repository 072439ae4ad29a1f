import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { rename, rm, writeFile, mkdir } from 'node:fs/promises';

/** $XDG_CACHE_HOME/kcapi, by default ~/.cache/kcapi. */
export function cacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg.startsWith('/') ? xdg : join(env.HOME ?? homedir(), '.cache'), 'kcapi');
}

/** A sibling name unique to this process, for building something before renaming it into place. */
export function temporarySibling(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Writes a file atomically (several runners may share one cache). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporarySibling(path);
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/**
 * Moves a finished directory into place. When another process got there first, its copy
 * wins and ours is discarded: the content is the same.
 */
export async function publishDirectory(temporary: string, final: string): Promise<void> {
  try {
    await rename(temporary, final);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await rm(temporary, { recursive: true, force: true });
  }
}

export async function ensureDirectory(path: string): Promise<string> {
  await mkdir(path, { recursive: true });
  return path;
}
