/** `kcapi drivers` output: a table (text) or the "kcapi-drivers/1" JSON document. */
import type { AlgorithmInfo } from '../kernel/index.js';
import type { DriverListing } from './drivers.js';

export const driversJsonSchema = 'kcapi-drivers/1';

type Column = { readonly title: string; readonly value: (entry: AlgorithmInfo) => string };

const isCipher = (e: AlgorithmInfo) => ['skcipher', 'blkcipher', 'ablkcipher', 'aead', 'cipher', 'lskcipher'].includes(e.type);
const isAead = (e: AlgorithmInfo) => e.type === 'aead';
const isHash = (e: AlgorithmInfo) => ['shash', 'ahash', 'digest'].includes(e.type);
const sized = (applies: boolean, value: number) => (applies ? String(value) : '-');

const columns: readonly Column[] = [
  { title: 'DRIVER', value: (e) => e.driver },
  { title: 'PRIORITY', value: (e) => String(e.priority) },
  { title: 'MODULE', value: (e) => e.module || '-' },
  { title: 'SELFTEST', value: (e) => e.selftest },
  { title: 'MODE', value: (e) => (e.async ? 'async' : 'sync') },
  { title: 'TYPE', value: (e) => (e.internal ? `${e.type},internal` : e.type) },
  { title: 'BLOCK', value: (e) => String(e.blockSize) },
  { title: 'IV', value: (e) => sized(isCipher(e), e.ivSize) },
  { title: 'KEY', value: (e) => (isCipher(e) && !isAead(e) ? keyRange(e) : '-') },
  { title: 'TAG', value: (e) => sized(isAead(e), e.maxAuthSize) },
  { title: 'DIGEST', value: (e) => sized(isHash(e), e.digestSize) },
];

function keyRange(entry: AlgorithmInfo): string {
  return entry.minKeySize === entry.maxKeySize ? String(entry.minKeySize) : `${entry.minKeySize}-${entry.maxKeySize}`;
}

/**
 * One row per implementation; `*` marks the one the kernel binds for the generic name.
 * `mark` decorates a whole row (colour on a terminal).
 */
export function formatDriverTable(
  drivers: readonly AlgorithmInfo[],
  selected: string | null,
  mark: (row: string, entry: AlgorithmInfo) => string = (row) => row,
): string[] {
  const cells = drivers.map((entry) => columns.map((column) => column.value(entry)));
  const widths = columns.map((column, i) => Math.max(column.title.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `  ${line(columns.map((c) => c.title))}`,
    ...drivers.map((entry, i) => mark(`${entry.driver === selected ? '*' : ' '} ${line(cells[i]!)}`, entry)),
  ];
}

export function driversJson(listing: DriverListing): object {
  return {
    schema: driversJsonSchema,
    query: listing.query,
    algorithm: listing.algorithm,
    socketType: listing.socketType,
    selected: listing.selected,
    instantiated: listing.instantiated,
    drivers: listing.drivers.map((entry) => driverJson(entry, entry.driver === listing.selected)),
  };
}

export function allDriversJson(drivers: readonly AlgorithmInfo[]): object {
  return { schema: driversJsonSchema, query: null, drivers: drivers.map((entry) => driverJson(entry, null)) };
}

function driverJson(entry: AlgorithmInfo, selected: boolean | null) {
  return {
    driver: entry.driver,
    name: entry.name,
    module: entry.module,
    priority: entry.priority,
    selftest: entry.selftest,
    async: entry.async,
    internal: entry.internal,
    type: entry.type,
    blockSize: entry.blockSize,
    ivSize: entry.ivSize,
    minKeySize: entry.minKeySize,
    maxKeySize: entry.maxKeySize,
    maxAuthSize: entry.maxAuthSize,
    digestSize: entry.digestSize,
    seedSize: entry.seedSize,
    chunkSize: entry.chunkSize,
    walkSize: entry.walkSize,
    stateSize: entry.stateSize,
    ...(selected === null ? {} : { selected }),
  };
}
