/**
 * Every implementation the kernel has for an algorithm. /proc/crypto and netlink list a
 * template instance (cbc(aes) over aes-generic) only once something instantiated it, and
 * a module only once something loaded it. The kernel asks for modules ("crypto-NAME")
 * only when a lookup finds nothing, so binding `cbc(aes)` where a built-in cbc(aes-generic)
 * exists loads nothing. Hence: bind the name; bind it again requiring a hardware-only
 * driver (CRYPTO_ALG_KERN_DRIVER_ONLY, which generic code lacks, so the kernel goes looking
 * for modules); try the inner names (`aes`: not bindable, but the lookup loads aesni_intel);
 * then bind the template over each implementation of its inner algorithm (cbc(aes-generic),
 * cbc(aes-aesni)), holding the transforms open while the list is read.
 */
import { afAlgAvailable, listAlgorithms, selectAlgorithm, Transform, type AlgorithmInfo, type AlgorithmType } from '../kernel/index.js';

const bindableTypes: readonly AlgorithmType[] = ['skcipher', 'aead', 'hash', 'rng'];

/** CRYPTO_ALG_KERN_DRIVER_ONLY: the one flag AF_ALG lets a bind ask for. */
const kernDriverOnly = 0x1000;

export interface DriverListing {
  /** As asked: a generic name or a driver name. */
  readonly query: string;
  /** The generic name the implementations share. */
  readonly algorithm: string;
  /** The AF_ALG socket type that bound it, or null when nothing bound. */
  readonly socketType: AlgorithmType | null;
  /** The implementation the kernel binds for the generic name. */
  readonly selected: string | null;
  /** Names this listing bound to instantiate implementations, and what each gave. */
  readonly instantiated: ReadonlyArray<{ readonly name: string; readonly result: string }>;
  /** Highest priority first. */
  readonly drivers: readonly AlgorithmInfo[];
}

export function listDrivers(query: string, list: () => AlgorithmInfo[] = listAlgorithms): DriverListing {
  const held: Transform[] = [];
  const instantiated: Array<{ name: string; result: string }> = [];
  try {
    let socketType: AlgorithmType | null = null;
    if (afAlgAvailable()) {
      socketType = bindAny(query, held, instantiated);
      if (socketType) {
        loadModules(query, socketType);
        instantiateOverInnerDrivers(query, socketType, list(), held, instantiated);
      }
    }
    const all = list();
    const algorithm = all.find((entry) => entry.driver === query)?.name ?? query;
    if (socketType && algorithm !== query) instantiateOverInnerDrivers(algorithm, socketType, all, held, instantiated);
    const final = algorithm !== query && socketType ? list() : all;
    const drivers = final
      .filter((entry) => entry.name === algorithm && entry.type !== 'larval')
      .sort((a, b) => b.priority - a.priority || a.driver.localeCompare(b.driver));
    const selected = selectAlgorithm(drivers, algorithm, socketType ?? undefined)?.driver ?? null;
    return { query, algorithm, socketType, selected, instantiated, drivers };
  } finally {
    for (const transform of held) transform.close();
  }
}

/** Every implementation of every algorithm, highest priority first within a name. */
export function listAllDrivers(list: () => AlgorithmInfo[] = listAlgorithms): AlgorithmInfo[] {
  return list()
    .filter((entry) => entry.type !== 'larval')
    .sort((a, b) => a.name.localeCompare(b.name) || b.priority - a.priority || a.driver.localeCompare(b.driver));
}

function bindAny(name: string, held: Transform[], log: Array<{ name: string; result: string }>): AlgorithmType | null {
  const failures: string[] = [];
  for (const type of bindableTypes) {
    try {
      held.push(Transform.open(type, name));
      log.push({ name, result: `bound as ${type}` });
      return type;
    } catch (error) {
      failures.push(`${type}: ${(error as Error).message}`);
    }
  }
  log.push({ name, result: `not bound (${failures.join(', ')})` });
  return null;
}

/** Lookups that make the kernel load every module offering `name` or a name inside it. */
function loadModules(name: string, type: AlgorithmType): void {
  tryBind(type, name, { feat: kernDriverOnly, mask: kernDriverOnly });
  for (const inner of innerNames(name)) {
    for (const innerType of bindableTypes) tryBind(innerType, inner);
  }
}

function tryBind(type: AlgorithmType, name: string, options: { feat: number; mask: number } | undefined = undefined): void {
  try {
    Transform.open(type, name, options).close();
  } catch {
    // Only the module loading the lookup caused matters here.
  }
}

/** Every algorithm name inside a template expression: `gcm(aes)` → aes. */
function innerNames(name: string): string[] {
  const match = /^[\w-]+\((.+)\)$/.exec(name);
  if (!match) return [];
  return splitArguments(match[1]!).flatMap((argument) => [argument, ...innerNames(argument)]);
}

/** For `tmpl(inner)`, binds `tmpl(d)` for every implementation d of `inner`. */
function instantiateOverInnerDrivers(
  name: string,
  type: AlgorithmType,
  algorithms: readonly AlgorithmInfo[],
  held: Transform[],
  log: Array<{ name: string; result: string }>,
): void {
  const match = /^([\w-]+)\((.+)\)$/.exec(name);
  if (!match) return;
  const [, template, inner] = match as unknown as [string, string, string];
  if (splitArguments(inner).length !== 1) return;
  const innerDrivers = new Set(
    algorithms.filter((entry) => entry.name === inner && !entry.internal && entry.type !== 'larval').map((entry) => entry.driver),
  );
  for (const driver of innerDrivers) {
    const instance = `${template}(${driver})`;
    if (log.some((entry) => entry.name === instance)) continue;
    try {
      held.push(Transform.open(type, instance));
      log.push({ name: instance, result: 'bound' });
    } catch (error) {
      log.push({ name: instance, result: `not bound (${(error as Error).message})` });
    }
  }
}

/** Top-level comma-separated arguments of a template (`authenc(hmac(sha256),cbc(aes))`). */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
