import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './process-check.js';

/**
 * Runs `work` while holding a lock directory, so that runners started together do not
 * download or unpack the same kernel twice. A lock left by a dead process is taken over.
 */
export async function withLock<T>(path: string, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  for (let waited = 0; ; waited += 1) {
    try {
      await mkdir(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(path, 'pid'), 'utf8').catch(() => ''));
      const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now());
      if ((owner > 0 && !isAlive(owner)) || (owner === 0 && age > 60_000)) {
        await rm(path, { recursive: true, force: true });
        continue;
      }
      if (waited === 0) onWait?.();
      await sleep(250);
    }
  }
  try {
    await writeFile(join(path, 'pid'), String(process.pid));
    return await work();
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}
