import { classifyLine } from './lines.js';

/** One `NAME = VALUE` line. Names are matched case-insensitively (`Count`/`COUNT`). */
export interface RspField {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/**
 * A group of fields that forms one test (it has a COUNT or an answer such as MD/CT), with
 * what applies to it: the section label (`[ENCRYPT]`), the bracketed parameters in force
 * (`[Keylen = 128]`), and context fields given in their own group earlier (CCM `Key`,
 * Monte `Seed`, CCM's file-level `Plen`). Keys of the maps are lower-case names.
 */
export interface RspRecord {
  readonly line: number;
  readonly section: string | null;
  readonly params: ReadonlyMap<string, RspField>;
  readonly context: ReadonlyMap<string, RspField>;
  readonly fields: ReadonlyMap<string, RspField>;
  readonly flags: ReadonlySet<string>;
  /** Indented lines (intermediate values the file shows for information). */
  readonly details: readonly RspField[];
}

export interface RspProblem {
  readonly line: number;
  readonly message: string;
}

/** Fields whose presence makes a group without COUNT a test rather than context. */
const answerFields = new Set(['md', 'mac', 'ct', 'ciphertext', 'pt', 'plaintext', 'tag', 'output', 'ko', 'result']);

interface Group {
  line: number;
  fields: Map<string, RspField>;
  flags: Set<string>;
  details: RspField[];
  last: { key: string; indented: boolean } | null;
}

/**
 * Turns the lines of a response file, fed one at a time, into records. Streaming: memory
 * holds one record plus the context, whatever the file size.
 */
export class RspRecordReader {
  readonly problems: RspProblem[] = [];
  private lineNumber = 0;
  private section: string | null = null;
  private params = new Map<string, RspField>();
  private fileContext = new Map<string, RspField>();
  private blockContext = new Map<string, RspField>();
  private seenBracket = false;
  private lastWasBracket = false;
  private group: Group | null = null;

  /** Feeds the next line; returns the record it completed, if any. */
  push(raw: string): RspRecord | null {
    const lineNumber = ++this.lineNumber;
    const line = classifyLine(raw);
    const wasBracket = this.lastWasBracket;
    this.lastWasBracket = line.type === 'section' || line.type === 'params';
    switch (line.type) {
      case 'comment':
        return null;
      case 'blank':
        return this.closeGroup();
      case 'section': {
        const done = this.closeGroup();
        this.startBracketBlock(wasBracket);
        this.section = line.name;
        this.params = new Map();
        return done;
      }
      case 'params': {
        const done = this.closeGroup();
        this.startBracketBlock(wasBracket);
        this.params = new Map(this.params);
        for (const [name, value] of line.params) {
          this.params.set(name.toLowerCase(), { name, value, line: lineNumber });
        }
        return done;
      }
      case 'field':
        return this.addField(line.name, line.value, line.indented, lineNumber);
      case 'flag':
        this.openGroup(lineNumber).flags.add(line.name);
        return null;
      case 'continuation':
        this.continueField(line.text, lineNumber);
        return null;
      case 'malformed':
        this.problems.push({ line: lineNumber, message: `${line.reason}: "${truncate(raw.trim())}"` });
        return null;
    }
  }

  /** Call after the last line; returns the final record, if any. */
  end(): RspRecord | null {
    return this.closeGroup();
  }

  private startBracketBlock(continuingBlock: boolean): void {
    this.seenBracket = true;
    if (!continuingBlock) this.blockContext = new Map();
  }

  private addField(name: string, value: string, indented: boolean, lineNumber: number): RspRecord | null {
    const key = name.toLowerCase();
    const field = { name, value, line: lineNumber };
    if (indented) {
      const group = this.openGroup(lineNumber);
      group.details.push(field);
      group.last = { key, indented: true };
      return null;
    }
    const done = key === 'count' ? this.closeGroup() : null;
    const group = this.openGroup(lineNumber);
    const previous = group.fields.get(key);
    if (previous) {
      this.problems.push({ line: lineNumber, message: `duplicate field ${name} (first given at line ${previous.line})` });
    } else {
      group.fields.set(key, field);
    }
    group.last = { key, indented: false };
    return done;
  }

  private continueField(text: string, lineNumber: number): void {
    const group = this.group;
    const last = group?.last;
    const field = last && !last.indented ? group.fields.get(last.key) : undefined;
    if (!group || !field || !/^[0-9a-fA-F]*$/.test(field.value)) {
      this.problems.push({ line: lineNumber, message: `hex digits outside a field: "${truncate(text)}"` });
      return;
    }
    group.fields.set(last!.key, { ...field, value: field.value + text });
  }

  private openGroup(lineNumber: number): Group {
    this.group ??= { line: lineNumber, fields: new Map(), flags: new Set(), details: [], last: null };
    return this.group;
  }

  private closeGroup(): RspRecord | null {
    const group = this.group;
    this.group = null;
    if (!group) return null;
    const isTest = group.fields.has('count') || group.flags.size > 0 || [...group.fields.keys()].some((k) => answerFields.has(k));
    if (!isTest) {
      const target = this.seenBracket ? this.blockContext : this.fileContext;
      for (const [key, field] of group.fields) target.set(key, field);
      return null;
    }
    return {
      line: group.line,
      section: this.section,
      params: this.params,
      context: new Map([...this.fileContext, ...this.blockContext]),
      fields: group.fields,
      flags: group.flags,
      details: group.details,
    };
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
