import type { RspField, RspRecord } from './records.js';

/** A record that cannot become a test case: reported with the file and line. */
export class MalformedRecord extends Error {
  override name = 'MalformedRecord';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const hexPattern = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Typed access to a record's values. A name is looked up in the record's own fields, then
 * in the context fields, then in the bracketed parameters, so a mapper need not care
 * whether a file gives `Tlen` once per file, per block or per record.
 */
export class RecordView {
  constructor(readonly record: RspRecord) {}

  get line(): number {
    return this.record.line;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  find(name: string): RspField | undefined {
    const key = name.toLowerCase();
    return this.record.fields.get(key) ?? this.record.context.get(key) ?? this.record.params.get(key);
  }

  get(name: string): RspField {
    const field = this.find(name);
    if (!field) throw new MalformedRecord(this.line, `missing ${name}`);
    return field;
  }

  text(name: string): string {
    return this.get(name).value;
  }

  hex(name: string): Buffer {
    return parseHexField(this.get(name));
  }

  optionalHex(name: string): Buffer | null {
    const field = this.find(name);
    return field ? parseHexField(field) : null;
  }

  /** A decimal integer; `suffix` strips a unit such as `_BITS`. */
  int(name: string, suffix = ''): number {
    const field = this.get(name);
    const raw = suffix && field.value.endsWith(suffix) ? field.value.slice(0, -suffix.length) : field.value;
    if (!/^\d+$/.test(raw)) throw new MalformedRecord(field.line, `${field.name} is not a number: "${field.value}"`);
    return Number(raw);
  }

  /**
   * Hex data whose length the file gives in bits in `lengthName`. CAVP writes a single
   * `00` for empty data, so the declared length decides.
   */
  hexWithBitLength(name: string, lengthName: string): Buffer {
    const bits = this.int(lengthName);
    return this.hexWithByteLength(name, bits / 8, `${lengthName} = ${bits}`);
  }

  /** Hex data of a declared byte length (`00` standing for empty data when it is 0). */
  hexWithByteLength(name: string, bytes: number, declared: string): Buffer {
    const field = this.get(name);
    const data = parseHexField(field);
    if (bytes === 0 && (data.length === 0 || (data.length === 1 && data[0] === 0))) return Buffer.alloc(0);
    if (data.length !== bytes) {
      throw new MalformedRecord(field.line, `${field.name} has ${data.length} bytes but ${declared}`);
    }
    return data;
  }

  /** Record number for identifiers: COUNT when present, else the line. */
  get label(): string {
    const count = this.record.fields.get('count');
    return count ? `COUNT=${count.value}` : `line ${this.line}`;
  }
}

export function parseHexField(field: RspField): Buffer {
  if (!hexPattern.test(field.value)) {
    const why = /^[0-9a-fA-F]*$/.test(field.value) ? 'odd number of hex digits' : 'not hex';
    throw new MalformedRecord(field.line, `${field.name}: ${why}`);
  }
  return Buffer.from(field.value, 'hex');
}
