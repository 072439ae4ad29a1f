/**
 * Streaming parser for NIST CAVP response files (.rsp) and the few vector listings in the
 * same layout (RFC 3686 CTR, RFC HMAC, SP 800-108 KDF). Each record becomes a typed test
 * case (see cases.ts); unknown sections are skipped with a note; malformed lines and
 * records are reported with file and line and do not stop the file.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { VectorCase } from './cases.js';
import { MalformedRecord, RecordView } from './cavp/fields.js';
import { detectFormat, type VectorFormat } from './cavp/formats.js';
import { UnknownSection, type RecordMapper } from './cavp/mapper.js';
import { RspRecordReader, type RspRecord } from './cavp/records.js';

export { detectFormat, type VectorFormat } from './cavp/formats.js';

/** Something said about a file: a note (skipped content) or a malformed line. */
export interface VectorFileMessage {
  readonly file: string;
  /** 1-based line, or null for the file as a whole. */
  readonly line: number | null;
  readonly message: string;
}

export interface VectorFileSummary {
  readonly file: string;
  /** The recognised format, or null when the file is not a known vector file. */
  readonly format: string | null;
  readonly caseCount: number;
  readonly notes: readonly VectorFileMessage[];
  readonly malformed: readonly VectorFileMessage[];
}

export interface ParsedVectorFile extends VectorFileSummary {
  readonly cases: readonly VectorCase[];
}

export function formatFileMessage(message: VectorFileMessage): string {
  return message.line === null ? `${message.file}: ${message.message}` : `${message.file}:${message.line}: ${message.message}`;
}

/** Parses one file line by line; `push` returns the case a line completed. */
export class CavpFileParser {
  readonly notes: VectorFileMessage[] = [];
  readonly malformed: VectorFileMessage[] = [];
  private readonly reader = new RspRecordReader();
  private readonly mapper: RecordMapper | null;
  private readonly skippedSections = new Map<string, { line: number; records: number }>();
  private reportedProblems = 0;
  private caseCount = 0;

  constructor(
    readonly file: string,
    readonly format: VectorFormat | null = detectFormat(file),
  ) {
    this.mapper = format ? format.createMapper({ path: file, baseName: basename(file) }) : null;
    if (!format) this.notes.push({ file, line: null, message: 'not a recognised vector file name; skipped' });
  }

  push(line: string): VectorCase | null {
    if (!this.mapper) return null;
    const record = this.reader.push(line);
    this.collectProblems();
    return record ? this.map(record) : null;
  }

  end(): VectorCase | null {
    if (!this.mapper) return null;
    const record = this.reader.end();
    this.collectProblems();
    const last = record ? this.map(record) : null;
    for (const [section, { line, records }] of this.skippedSections) {
      this.notes.push({
        file: this.file,
        line,
        message: `skipped ${records} record${records === 1 ? '' : 's'} of section [${section}], unknown to ${this.format!.description} files`,
      });
    }
    if (this.caseCount === 0 && this.malformed.length === 0) {
      this.notes.push({ file: this.file, line: null, message: 'no test records found' });
    }
    return last;
  }

  summary(): VectorFileSummary {
    return {
      file: this.file,
      format: this.format?.description ?? null,
      caseCount: this.caseCount,
      notes: this.notes,
      malformed: this.malformed,
    };
  }

  private map(record: RspRecord): VectorCase | null {
    try {
      const vectorCase = this.mapper!(new RecordView(record));
      this.caseCount++;
      return vectorCase;
    } catch (error) {
      if (error instanceof UnknownSection) {
        const skipped = this.skippedSections.get(error.section);
        if (skipped) skipped.records++;
        else this.skippedSections.set(error.section, { line: record.line, records: 1 });
        return null;
      }
      if (error instanceof MalformedRecord) {
        this.malformed.push({ file: this.file, line: error.line, message: error.message });
        return null;
      }
      throw error;
    }
  }

  private collectProblems(): void {
    const problems = this.reader.problems;
    for (; this.reportedProblems < problems.length; this.reportedProblems++) {
      const problem = problems[this.reportedProblems]!;
      this.malformed.push({ file: this.file, line: problem.line, message: problem.message });
    }
  }
}

/** Streams the cases of one file; the generator's return value summarises the file. */
export async function* readVectorFile(path: string): AsyncGenerator<VectorCase, VectorFileSummary> {
  const parser = new CavpFileParser(path);
  if (parser.format) {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    for await (const line of lines) {
      const vectorCase = parser.push(line);
      if (vectorCase) yield vectorCase;
    }
  }
  const last = parser.end();
  if (last) yield last;
  return parser.summary();
}

/** Parses a whole file into memory. */
export async function parseVectorFile(path: string): Promise<ParsedVectorFile> {
  const cases: VectorCase[] = [];
  const iterator = readVectorFile(path);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { ...next.value, cases };
    cases.push(next.value);
  }
}

/** Parses text as if it were the file `path` (the name selects the format). */
export function parseVectorText(path: string, text: string, format?: VectorFormat | null): ParsedVectorFile {
  const parser = new CavpFileParser(path, format === undefined ? detectFormat(path) : format);
  const cases: VectorCase[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const vectorCase = parser.push(line);
    if (vectorCase) cases.push(vectorCase);
  }
  const last = parser.end();
  if (last) cases.push(last);
  return { ...parser.summary(), cases };
}
