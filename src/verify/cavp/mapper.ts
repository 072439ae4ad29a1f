import type { CaseOrigin, Direction, UnrunnableCase, VectorCase } from '../cases.js';
import { MalformedRecord, type RecordView } from './fields.js';

/** Turns one record of a file into a test case. Mappers may keep state across records. */
export type RecordMapper = (view: RecordView) => VectorCase;

/** Where a case comes from, for identifiers and reports. */
export interface FileContext {
  readonly path: string;
  readonly baseName: string;
}

/** A record of a section this format does not define: skipped with one note per section. */
export class UnknownSection extends Error {
  override name = 'UnknownSection';
  constructor(readonly section: string) {
    super(`unknown section [${section}]`);
  }
}

export function origin(file: FileContext, view: RecordView): CaseOrigin {
  return { id: `${file.baseName}:${view.line} ${view.label}`, file: file.path, line: view.line };
}

/** `[ENCRYPT]` / `[DECRYPT]` sections of cipher files. */
export function directionOf(view: RecordView): Direction {
  const section = view.record.section;
  if (section === null) throw new MalformedRecord(view.line, 'record outside an [ENCRYPT] or [DECRYPT] section');
  const upper = section.toUpperCase();
  if (upper === 'ENCRYPT') return 'encrypt';
  if (upper === 'DECRYPT') return 'decrypt';
  throw new UnknownSection(section);
}

export function unrunnable(file: FileContext, view: RecordView, algorithm: string, reason: string): UnrunnableCase {
  return { kind: 'unrunnable', ...origin(file, view), algorithm, reason };
}

/** A mapper for files whose every record is understood but cannot run through AF_ALG. */
export function unrunnableFile(file: FileContext, algorithm: string, reason: string): RecordMapper {
  return (view) => unrunnable(file, view, algorithm, reason);
}

/** A whole number of bytes from a length in bits, or null for bit-oriented data. */
export function wholeBytes(bits: number): number | null {
  return bits % 8 === 0 ? bits / 8 : null;
}
