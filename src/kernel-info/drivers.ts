/**
 * Every implementation the kernel has for an algorithm. /proc/crypto and netlink list a
 * template instance (cbc(aes) over aes-generic) only once something instantiated it, so
 * the generic name is bound first (which also loads modules on demand), then the template
 * over each implementation of its inner algorithm (cbc(aes-generic), cbc(aes-aesni)),
 * with the transforms held open while the list is read.
 */
import {
  afAlgAvailable,
  listAlgorithms,
  selectAlgorithm,
  Transform,
  type AlgorithmInfo,
  type AlgorithmType,
} from '../kernel/index.js';

const bindableTypes: readonly AlgorithmType[] = ['skcipher', 'aead', 'hash', 'rng'];

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
      if (socketType) instantiateOverInnerDrivers(query, socketType, list(), held, instantiated);
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
