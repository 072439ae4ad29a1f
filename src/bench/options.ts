/** The settings of `kcapi bench` and the parsing of their command-line spellings. */
import { UsageError } from '../errors.js';

export type BenchModeKind = 'oneshot' | 'stream' | 'chained' | 'inline-iv' | 'fanout';

export interface BenchMode {
  readonly kind: BenchModeKind;
  /** Operation sockets used side by side (fanout:N), else 1. */
  readonly handles: number;
  /** As written on the command line: "fanout:2". */
  readonly label: string;
}

export interface BenchSettings {
  readonly algorithm: string;
  readonly sizes: readonly number[];
  readonly modes: readonly BenchMode[];
  /** Seconds of measurement per cell and side (AF_ALG, node:crypto), split into repetitions. */
  readonly durationSeconds: number;
  readonly repetitions: number;
}

export const defaultAlgorithm = 'cbc(aes)';
export const defaultSizes: readonly number[] = [16, 512, 8192, 65536];
export const defaultModes = 'oneshot,stream,chained,inline-iv,fanout:2,fanout:4';
export const defaultDurationSeconds = 1;
export const defaultRepetitions = 5;
const maxSize = 1 << 20;

export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((word) => {
    const trimmed = word.trim();
    const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1 || value > maxSize) {
      throw new UsageError(`bench: --sizes takes request sizes in bytes from 1 to ${maxSize}, comma-separated (got "${word}")`);
    }
    return value;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export function parseModes(text: string): BenchMode[] {
  const modes = text.split(',').map((word): BenchMode => {
    const label = word.trim();
    if (label === 'oneshot' || label === 'stream' || label === 'chained' || label === 'inline-iv') {
      return { kind: label, handles: 1, label };
    }
    const fanout = /^fanout:(\d+)$/.exec(label);
    const handles = fanout ? Number(fanout[1]) : Number.NaN;
    if (Number.isInteger(handles) && handles >= 1 && handles <= 64) return { kind: 'fanout', handles, label };
    throw new UsageError(`bench: unknown mode "${label}" (modes: oneshot, stream, chained, inline-iv, fanout:N with N from 1 to 64)`);
  });
  const unique = new Map(modes.map((mode) => [mode.label, mode]));
  return [...unique.values()];
}

export function parseDuration(text: string): number {
  const value = /^\d+(\.\d*)?$|^\.\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 3600))
    throw new UsageError(`bench: --duration takes seconds per measurement, more than 0 and at most 3600 (got "${text}")`);
  return value;
}

export function parseRepetitions(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(Number.isInteger(value) && value >= 1 && value <= 1000))
    throw new UsageError(`bench: --repetitions takes a whole number from 1 to 1000 (got "${text}")`);
  return value;
}
