import { constants, accessSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { OperationError } from '../../errors.js';
import { runHostProgram } from './host-process.js';
import type { Progress } from './progress.js';
import { installsMissingPackages } from '../settings.js';

/** Where host programs are looked for: PATH, then the sbin folders a non-root PATH may lack. */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | undefined {
  const dirs = [...path.split(delimiter).filter(Boolean), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether the runner may install missing Debian packages itself: as root, with apt-get, unless the settings forbid it. */
function mayInstall(): boolean {
  return process.getuid?.() === 0 && installsMissingPackages() && findProgram('apt-get') !== undefined;
}

/** Installs `packages` with apt-get (updating the lists once if the first attempt fails). */
async function aptInstall(packages: readonly string[], progress: Progress): Promise<boolean> {
  progress.show(`installing ${packages.join(' ')} with apt-get`);
  const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends', ...packages];
  const options = { timeoutMs: 900_000, env: { DEBIAN_FRONTEND: 'noninteractive' } };
  if ((await runHostProgram('apt-get', install, options)).status === 0) return true;
  await runHostProgram('apt-get', ['update', '-q'], options);
  return (await runHostProgram('apt-get', install, options)).status === 0;
}

/**
 * Makes sure `check` succeeds, installing `debianPackage` first when allowed; otherwise one
 * clear error saying what to install.
 */
export async function ensureHostTool<T>(
  what: string,
  debianPackage: string,
  check: () => T | undefined | Promise<T | undefined>,
  progress: Progress,
): Promise<T> {
  const found = await check();
  if (found !== undefined) return found;
  if (mayInstall() && (await aptInstall([debianPackage], progress))) {
    const installed = await check();
    if (installed !== undefined) return installed;
  }
  throw new OperationError(`${what} not found: install it with \`apt-get install ${debianPackage}\``);
}

export function ensureProgram(name: string, debianPackage: string, progress: Progress): Promise<string> {
  return ensureHostTool(name, debianPackage, () => findProgram(name), progress);
}
