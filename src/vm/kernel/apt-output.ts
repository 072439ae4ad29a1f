/** Pure readers of apt's textual output, kept apart so that they can be unit-tested. */

/**
 * Real packages named on `Depends:`/`PreDepends:` lines of `apt-cache depends PKG`.
 * Virtual packages (`<name>`) and alternatives other than the first are not returned.
 */
export function parseDepends(output: string): string[] {
  const names: string[] = [];
  let previousWasAlternative = false;
  for (const line of output.split('\n')) {
    const match = /^\s*(\|?)(?:Pre)?Depends:\s+(\S+)/.exec(line);
    if (!match) continue;
    const [, alternativeMark, name] = match;
    const isAlternative = previousWasAlternative;
    previousWasAlternative = alternativeMark === '|';
    if (isAlternative || name === undefined || name.startsWith('<')) continue;
    names.push(name);
  }
  return names;
}

/** Numeric version of a kernel package name, e.g. linux-image-6.12.117+deb12-amd64 → [6, 12, 117, 12]. */
function versionParts(name: string): number[] {
  return (name.match(/\d+/g) ?? []).map(Number);
}

export function compareVersionParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The package among `names` matching `pattern` with the highest version in its name. */
export function newestPackage(names: readonly string[], pattern: RegExp): string | undefined {
  return names
    .filter((name) => pattern.test(name))
    .sort((a, b) => compareVersionParts(versionParts(a), versionParts(b)))
    .at(-1);
}

/** The kernel release a `linux-image-RELEASE` package is built for. */
export function releaseOfImagePackage(imagePackage: string): string {
  return imagePackage.replace(/^linux-image-/, '');
}

/**
 * The packages holding a kernel's files. Debian 12 ships kernel and modules in the image
 * package itself; newer Debian makes the image a meta package over linux-binary-REL,
 * linux-modules-REL and linux-base-REL.
 */
export function payloadPackages(imagePackage: string, imageDepends: readonly string[]): string[] {
  const release = releaseOfImagePackage(imagePackage);
  const parts = imageDepends.filter((name) => ['binary', 'modules', 'base'].some((kind) => name === `linux-${kind}-${release}`));
  return parts.length > 0 ? parts : [imagePackage];
}

/**
 * The first mirror in apt source files (one-line `deb` or deb822 `URIs:`) whose URI ends
 * with `/archive` (`debian` or `debian-security`).
 */
export function debianMirror(sourceTexts: readonly string[], archive = 'debian'): string | undefined {
  const ending = new RegExp(`/${archive}/?$`);
  for (const text of sourceTexts) {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.startsWith('#')) continue;
      const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(trimmed);
      const uris = oneLine ? [oneLine[1] ?? ''] : (/^URIs:\s*(.*)$/i.exec(trimmed)?.[1] ?? '').split(/\s+/);
      const uri = uris.find((candidate) => ending.test(candidate));
      if (uri !== undefined) return uri.replace(/\/$/, '');
    }
  }
  return undefined;
}

/** `Size:` of `apt-cache show --no-all-versions PKG`, in bytes. */
export function parsePackageSize(output: string): number | undefined {
  const match = /^Size:\s*(\d+)/m.exec(output);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
