/**
 * Reading a kernel's module index (the files depmod writes) to decide which modules go into
 * the initramfs and how the guest answers the kernel's module requests.
 */

export interface ModuleIndex {
  /** Module name → its path (relative to the modules directory) and its dependencies' paths. */
  readonly modules: ReadonlyMap<string, { readonly path: string; readonly dependencies: readonly string[] }>;
  /** Exact alias → module names providing it. */
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  /** Module name → names or aliases to load first (softdep pre:). */
  readonly softPre: ReadonlyMap<string, readonly string[]>;
  readonly builtin: ReadonlySet<string>;
}

/** `kernel/crypto/algif_hash.ko.xz` → `algif_hash`; module names treat `-` and `_` alike. */
export function moduleName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

export function parseModuleIndex(files: { dep: string; alias: string; softdep?: string; builtin?: string }): ModuleIndex {
  const modules = new Map<string, { path: string; dependencies: string[] }>();
  for (const line of files.dep.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const path = line.slice(0, colon);
    const dependencies = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    modules.set(moduleName(path), { path, dependencies });
  }
  const aliases = new Map<string, string[]>();
  for (const line of files.alias.split('\n')) {
    const [keyword, alias, name] = line.trim().split(/\s+/);
    if (keyword !== 'alias' || alias === undefined || name === undefined) continue;
    const providers = aliases.get(alias) ?? [];
    providers.push(name.replace(/-/g, '_'));
    aliases.set(alias, providers);
  }
  const softPre = new Map<string, string[]>();
  for (const line of (files.softdep ?? '').split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'softdep' || words[1] === undefined) continue;
    const pre: string[] = [];
    let section = '';
    for (const word of words.slice(2)) {
      if (word.endsWith(':')) section = word;
      else if (section === 'pre:') pre.push(word);
    }
    if (pre.length > 0) softPre.set(words[1].replace(/-/g, '_'), pre);
  }
  const builtin = new Set(
    (files.builtin ?? '')
      .split('\n')
      .filter(Boolean)
      .map((path) => moduleName(path)),
  );
  return { modules, aliases, softPre, builtin };
}

/**
 * Paths to insmod, in order, so that `names` (module names or aliases) end up loaded.
 * Built-in and unknown names are skipped (they need nothing).
 */
export function loadOrder(index: ModuleIndex, names: readonly string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const addPath = (path: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      order.push(path);
    }
  };
  const visiting = new Set<string>();
  const addName = (nameOrAlias: string): void => {
    const name = nameOrAlias.replace(/-/g, '_');
    const module = index.modules.get(name);
    if (module === undefined) {
      for (const provider of index.aliases.get(nameOrAlias) ?? []) addName(provider);
      return;
    }
    if (visiting.has(name)) return;
    visiting.add(name);
    for (const pre of index.softPre.get(name) ?? []) addName(pre);
    // depmod lists every (transitive) dependency; the last one has to be loaded first.
    for (const dependency of [...module.dependencies].reverse()) {
      const dependencyName = moduleName(dependency);
      for (const pre of index.softPre.get(dependencyName) ?? []) addName(pre);
      addPath(dependency);
    }
    addPath(module.path);
  };
  for (const name of names) addName(name);
  return order;
}

/** Whether the kernel needs nothing loaded for `name` (a built-in module). */
export function isBuiltin(index: ModuleIndex, name: string): boolean {
  return index.builtin.has(name.replace(/-/g, '_'));
}

/**
 * The aliases the kernel asks for when a crypto algorithm, an algif type or the AF_ALG
 * family is missing, each with the module paths that satisfy it, one line per alias:
 * `ALIAS PATH...`. The guest's module helper answers any other crypto request with
 * "not found" at once instead of running modprobe under emulation.
 */
export function cryptoAliasTable(index: ModuleIndex): string {
  const lines: string[] = [];
  const requested = (alias: string): boolean => /^(crypto-|algif-)/.test(alias) || alias === 'net-pf-38';
  for (const alias of [...index.aliases.keys()].filter(requested).sort()) {
    const paths = loadOrder(index, [alias]);
    if (paths.length > 0) lines.push(`${alias} ${paths.join(' ')}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
