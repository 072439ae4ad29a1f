import { UsageError } from '../errors.js';
import type { KcapiOptions } from './options.js';
import type { Output } from './output.js';

/**
 * A kcapi operation: turns the options into library calls and result lines. Self-checks
 * (-z, -h) resolve to their exit status (the number of failed checks); others to nothing
 * (status 0), failing by throwing the typed errors of ../errors.ts.
 */
export interface OperationModule {
  run(options: KcapiOptions, output: Output): Promise<void | number>;
}

type Loader = () => Promise<OperationModule>;

/**
 * Operation modules by key: the `-x` number, or `aux` (-z), `fuzz` (-h), `large` (-y).
 * Modules load lazily so that a run pays only for the code it uses. Adding a type is one
 * line here.
 */
const registry: Readonly<Record<string, Loader>> = {
  '1': () => import('./skcipher.js'),
  '2': () => import('./aead.js'),
  '3': () => import('./hash.js'),
  '4': () => import('./asym.js'),
  '5': () => import('./kdf.js'),
  '6': () => import('./kdf.js'),
  '7': () => import('./kdf.js'),
  '8': () => import('./kdf.js'),
  '9': () => import('./aio-skcipher.js'),
  '10': () => import('./aio-aead.js'),
  '11': () => import('./asym.js'),
  '12': () => import('./kdf.js'),
  '13': () => import('./asym.js'),
  '14': () => import('./asym.js'),
  aux: () => import('./aux.js'),
  fuzz: () => import('./fuzz.js'),
  large: () => import('./large-input.js'),
};

/** The types of docs/reference-cli.md §3 (the reference's enum). */
const typeNames: Readonly<Record<number, string>> = {
  1: 'symmetric cipher',
  2: 'AEAD cipher',
  3: 'message digest',
  4: 'asymmetric cipher',
  5: 'KDF counter mode',
  6: 'KDF feedback mode',
  7: 'KDF double-pipeline mode',
  8: 'PBKDF2',
  9: 'AIO symmetric cipher',
  10: 'AIO AEAD cipher',
  11: 'AIO asymmetric cipher',
  12: 'HKDF',
  13: 'KPP',
  14: 'AIO KPP',
};

const specialNames: Readonly<Record<string, string>> = {
  aux: '-z (auxiliary tests)',
  fuzz: '-h (fuzz tests)',
  large: '-y (large input test)',
};

/**
 * Which operation the options ask for, in the reference's order of precedence:
 * -z, then -h, then -y, then -x. Undefined when nothing was asked for.
 */
export function selectOperation(options: KcapiOptions): string | undefined {
  if (options.aux) return 'aux';
  if (options.fuzz) return 'fuzz';
  if (options.largeInput) return 'large';
  if (options.cipherType === undefined) return undefined;
  return String(options.cipherType);
}

export async function loadOperation(key: string): Promise<OperationModule> {
  const load = registry[key];
  if (load !== undefined) return load();
  const special = specialNames[key];
  if (special !== undefined) throw new UsageError(`${special} is not implemented yet`);
  const typeName = typeNames[Number(key)];
  if (typeName !== undefined) throw new UsageError(`-x ${key} (${typeName}) is not implemented yet`);
  throw new UsageError(`unknown -x type ${key}: use 1 to 14 (see kcapi --help)`);
}
