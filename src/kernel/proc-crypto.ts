import { emptyAlgorithmInfo, type AlgorithmInfo } from './algorithm-info.js';

type NumericField =
  | 'priority'
  | 'refcount'
  | 'blockSize'
  | 'ivSize'
  | 'minKeySize'
  | 'maxKeySize'
  | 'maxAuthSize'
  | 'digestSize'
  | 'seedSize'
  | 'chunkSize'
  | 'walkSize'
  | 'stateSize';

const NUMERIC_FIELDS: Record<string, NumericField> = {
  priority: 'priority',
  refcnt: 'refcount',
  blocksize: 'blockSize',
  ivsize: 'ivSize',
  'min keysize': 'minKeySize',
  'max keysize': 'maxKeySize',
  maxauthsize: 'maxAuthSize',
  digestsize: 'digestSize',
  seedsize: 'seedSize',
  chunksize: 'chunkSize',
  walksize: 'walkSize',
  statesize: 'stateSize',
};

const TEXT_FIELDS: Record<string, 'name' | 'driver' | 'module' | 'type' | 'selftest' | 'geniv'> = {
  name: 'name',
  driver: 'driver',
  module: 'module',
  type: 'type',
  selftest: 'selftest',
  geniv: 'geniv',
};

/**
 * Parses /proc/crypto: blocks of `key : value` lines separated by blank lines, one block per
 * registered implementation. Unknown keys are ignored, so newer kernels' additions do not break it.
 */
export function parseProcCrypto(text: string): AlgorithmInfo[] {
  const entries: AlgorithmInfo[] = [];
  let current: AlgorithmInfo | undefined;
  for (const line of text.split('\n')) {
    const separator = line.indexOf(':');
    if (separator < 0) {
      if (line.trim() === '' && current) {
        entries.push(current);
        current = undefined;
      }
      continue;
    }
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    current ??= emptyAlgorithmInfo('proc');
    applyField(current, key, value);
  }
  if (current) entries.push(current);
  return entries;
}

function applyField(entry: AlgorithmInfo, key: string, value: string): void {
  const numeric = NUMERIC_FIELDS[key];
  if (numeric !== undefined) {
    const number = Number.parseInt(value, 10);
    if (Number.isFinite(number)) entry[numeric] = number;
    return;
  }
  const text = TEXT_FIELDS[key];
  if (text !== undefined) {
    entry[text] = value;
    return;
  }
  if (key === 'internal') entry.internal = value === 'yes';
  else if (key === 'async') entry.async = value === 'yes';
}
