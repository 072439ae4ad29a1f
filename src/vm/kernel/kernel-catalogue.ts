import { UsageError } from '../../errors.js';
import { newestPackage } from './apt-output.js';
import type { AptSuites } from './apt.js';

/** Kernels the runner knows by name: Debian packages fetched with a private apt configuration. */
export interface CatalogueEntry {
  readonly name: string;
  readonly description: string;
  /** Which private apt configuration (and its suites) carries the kernel. */
  readonly repository: 'debian12' | 'sid';
  /** How the image package is found: the dependency of a meta package, or the newest name with a prefix. */
  readonly image:
    | { readonly kind: 'meta-dependency'; readonly metaPackage: string }
    | { readonly kind: 'newest-name'; readonly prefix: string; readonly pattern: RegExp };
}

export const repositories: Readonly<Record<CatalogueEntry['repository'], AptSuites>> = {
  debian12: [
    ['debian', 'bookworm'],
    ['debian-security', 'bookworm-security'],
  ],
  sid: [['debian', 'sid']],
};

export const catalogue: readonly CatalogueEntry[] = [
  {
    name: '6.1',
    description: "Debian 12's linux-image-amd64 (6.1.x)",
    repository: 'debian12',
    image: { kind: 'meta-dependency', metaPackage: 'linux-image-amd64' },
  },
  {
    name: '6.12',
    description: "Debian 12's newest linux-image-6.12.*-amd64 (bookworm-security)",
    repository: 'debian12',
    image: { kind: 'newest-name', prefix: 'linux-image-6.12.', pattern: /^linux-image-6\.12\.\d+\+deb\d+-amd64$/ },
  },
  {
    name: 'sid',
    description: "Debian unstable's newest linux-image-amd64",
    repository: 'sid',
    image: { kind: 'meta-dependency', metaPackage: 'linux-image-amd64' },
  },
];

export const defaultKernel = '6.1';

export type KernelSpec = { readonly kind: 'catalogue'; readonly entry: CatalogueEntry } | { readonly kind: 'image'; readonly path: string };

/** `6.1`, `6.12`, `sid`, or the path of a bzImage (anything with a slash, or an existing file). */
export function parseKernelSpec(text: string, isFile: (path: string) => boolean): KernelSpec {
  const entry = catalogue.find((candidate) => candidate.name === text);
  if (entry !== undefined) return { kind: 'catalogue', entry };
  if (text.includes('/') || isFile(text)) return { kind: 'image', path: text };
  throw new UsageError(`unknown kernel "${text}": use ${catalogue.map((candidate) => candidate.name).join(', ')} or the path of a bzImage`);
}

/** The versioned image package a meta package depends on (linux-image-amd64 → linux-image-6.1.0-56-amd64). */
export function imageFromMetaDepends(depends: readonly string[]): string | undefined {
  return depends.find((name) => /^linux-image-\d[^ ]*-amd64$/.test(name));
}

export function imageFromNames(names: readonly string[], pattern: RegExp): string | undefined {
  return newestPackage(names, pattern);
}
