import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError } from '../../errors.js';
import { writeFileAtomic } from '../host/cache-dir.js';
import { debianMirror, parseDepends, parsePackageSize } from './apt-output.js';
import { runHostProgram, runHostProgramOrFail } from '../host/host-process.js';
import { formatMegabytes, type Progress } from '../host/progress.js';

export const debianKeyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
const aptHint = 'apt-get comes with Debian and its derivatives; kernels are fetched as Debian packages';

/** Suites of a private apt configuration: [archive ("debian" or "debian-security"), suite]. */
export type AptSuites = readonly (readonly ['debian' | 'debian-security', string])[];

async function systemSourceTexts(): Promise<string[]> {
  const files = ['/etc/apt/sources.list'];
  const partsDir = '/etc/apt/sources.list.d';
  for (const name of await readdir(partsDir).catch(() => [] as string[])) {
    if (name.endsWith('.list') || name.endsWith('.sources')) files.push(join(partsDir, name));
  }
  return Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')));
}

/**
 * An apt configuration of our own (sources, lists, cache under `dir`), so that kernels of
 * any Debian suite can be fetched without touching the system's apt state or needing root.
 * Mirrors are the system's own Debian mirrors when it has them.
 */
export class PrivateApt {
  private constructor(
    readonly dir: string,
    private readonly options: readonly string[],
  ) {}

  /** `kind` 'deb-src' lists source packages (for `downloadSource`) instead of binary ones. */
  static async create(dir: string, suites: AptSuites, kind: 'deb' | 'deb-src' = 'deb'): Promise<PrivateApt> {
    if (!existsSync(debianKeyring)) {
      throw new OperationError(`Debian's archive key is missing (${debianKeyring}): apt-get install debian-archive-keyring`);
    }
    const sources = await systemSourceTexts();
    const mirror = {
      debian: debianMirror(sources, 'debian') ?? 'http://deb.debian.org/debian',
      'debian-security': debianMirror(sources, 'debian-security') ?? 'http://deb.debian.org/debian-security',
    };
    const sourcesList = suites
      .map(([archive, suite]) => `${kind} [signed-by=${debianKeyring}] ${mirror[archive]} ${suite} main\n`)
      .join('');
    const listFile = join(dir, 'sources.list');
    await mkdir(join(dir, 'lists', 'partial'), { recursive: true });
    await mkdir(join(dir, 'cache', 'archives', 'partial'), { recursive: true });
    const current = await readFile(listFile, 'utf8').catch(() => '');
    if (current !== sourcesList) {
      await writeFileAtomic(listFile, sourcesList);
      // Lists of other sources are stale now.
      await rm(join(dir, 'lists'), { recursive: true, force: true });
      await mkdir(join(dir, 'lists', 'partial'), { recursive: true });
    }
    const options = [
      `Dir::Etc::SourceList=${listFile}`,
      'Dir::Etc::SourceParts=/dev/null',
      'Dir::Etc::Preferences=/dev/null',
      'Dir::Etc::PreferencesParts=/dev/null',
      `Dir::State::Lists=${join(dir, 'lists')}`,
      `Dir::Cache=${join(dir, 'cache')}`,
      'APT::Architecture=amd64',
      'APT::Architectures=amd64',
      'Acquire::Languages=none',
      ...(process.getuid?.() === 0 ? ['APT::Sandbox::User=root'] : []),
    ].flatMap((option) => ['-o', option]);
    return new PrivateApt(dir, options);
  }

  private async hasLists(): Promise<boolean> {
    const names = await readdir(join(this.dir, 'lists')).catch(() => [] as string[]);
    return names.some((name) => name.includes('_Packages') || name.includes('_Sources'));
  }

  /** Fetches the package lists when there are none yet (or when `force`). */
  async update(progress: Progress, force = false): Promise<void> {
    if (!force && (await this.hasLists())) return;
    progress.show('updating the package lists');
    await runHostProgramOrFail('apt-get', [...this.options, '-q', 'update'], `apt-get update (package lists in ${this.dir})`, {
      missingHint: aptHint,
      timeoutMs: 600_000,
    });
  }

  async depends(packageName: string): Promise<string[]> {
    const result = await runHostProgram('apt-cache', [...this.options, 'depends', packageName], { missingHint: aptHint });
    return result.status === 0 ? parseDepends(result.stdout) : [];
  }

  async packageNames(prefix: string): Promise<string[]> {
    const output = await runHostProgramOrFail('apt-cache', [...this.options, 'pkgnames', prefix], 'apt-cache pkgnames', {
      missingHint: aptHint,
    });
    return output.split('\n').filter(Boolean);
  }

  async size(packageName: string): Promise<number | undefined> {
    const result = await runHostProgram('apt-cache', [...this.options, 'show', '--no-all-versions', packageName]);
    return result.status === 0 ? parsePackageSize(result.stdout) : undefined;
  }

  /**
   * Downloads the files of source package `name` into `destination` and returns the names of
   * those there. apt-get's status is not the verdict: a mirror may lack a signature or the
   * Debian diff while serving the files the caller needs (apt checked each file it kept
   * against the signed Sources index), so the caller checks for what it needs.
   */
  async downloadSource(name: string, destination: string): Promise<string[]> {
    await mkdir(destination, { recursive: true });
    await runHostProgram('apt-get', [...this.options, '-q', 'source', '--download-only', name], {
      cwd: destination,
      missingHint: aptHint,
      timeoutMs: 600_000,
    });
    return (await readdir(destination)).filter((file) => !file.startsWith('.'));
  }

  /**
   * Downloads `packages` into `destination` (skipping those already there) and returns
   * the .deb paths in the same order.
   */
  async download(packages: readonly string[], destination: string, progress: Progress): Promise<string[]> {
    await mkdir(destination, { recursive: true });
    const existing = async (): Promise<Map<string, string>> => {
      const found = new Map<string, string>();
      for (const file of await readdir(destination)) {
        const name = file.split('_')[0];
        if (file.endsWith('.deb') && name !== undefined) found.set(name, join(destination, file));
      }
      return found;
    };
    const have = await existing();
    const toFetch = packages.filter((name) => !have.has(name));
    if (toFetch.length > 0) {
      const sizes = await Promise.all(toFetch.map((name) => this.size(name)));
      const total = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
      const partial = await mkdtemp(join(destination, '.partial-'));
      const label = `downloading ${toFetch.join(', ')} (${formatMegabytes(total)})`;
      progress.show(label, 0);
      const timer = setInterval(() => {
        void directoryBytes(partial).then((bytes) => progress.show(label, total > 0 ? bytes / total : undefined));
      }, 250);
      try {
        await runHostProgramOrFail('apt-get', [...this.options, '-q', 'download', ...toFetch], `downloading ${toFetch.join(' ')}`, {
          cwd: partial,
          missingHint: aptHint,
          timeoutMs: 1_800_000,
        });
      } finally {
        clearInterval(timer);
      }
      for (const file of await readdir(partial)) {
        if (file.endsWith('.deb')) await rename(join(partial, file), join(destination, file));
      }
      await rm(partial, { recursive: true, force: true });
    }
    const after = await existing();
    return packages.map((name) => {
      const path = after.get(name);
      if (path === undefined) throw new OperationError(`apt-get download did not produce ${name}`);
      return path;
    });
  }
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    total += (await stat(join(dir, name)).catch(() => undefined))?.size ?? 0;
  }
  return total;
}
