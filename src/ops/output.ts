import { bytesToHex } from './hex.js';
import { writeStdout } from './stdout.js';

/**
 * Where an operation's result lines go (stdout for the command line). Lines are given
 * without their newline. Implementations may buffer: call `flush()` when done.
 */
export interface Output {
  line(text: string): void;
  /** One line holding the lowercase hex of the concatenated parts. */
  hexLine(...parts: readonly Uint8Array[]): void;
  flush(): void;
}

/**
 * Collects lines in memory and hands them to `sink` in large chunks, so that a loop of
 * `-d 20000` costs one write per 64 KiB instead of one per line.
 */
export class BufferedOutput implements Output {
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly sink: (chunk: string) => void,
    private readonly chunkSize = 1 << 16,
  ) {}

  line(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length + 1;
    if (this.pendingLength >= this.chunkSize) this.flush();
  }

  hexLine(...parts: readonly Uint8Array[]): void {
    this.line(bytesToHex(...parts));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('\n') + '\n';
    this.pending = [];
    this.pendingLength = 0;
    this.sink(chunk);
  }
}

/** Keeps every line (for --json, --batch and tests). */
export class CollectingOutput implements Output {
  readonly lines: string[] = [];

  line(text: string): void {
    this.lines.push(text);
  }

  hexLine(...parts: readonly Uint8Array[]): void {
    this.lines.push(bytesToHex(...parts));
  }

  flush(): void {}

  /** The lines as they would appear on stdout. */
  text(): string {
    return this.lines.map((line) => line + '\n').join('');
  }
}

/** Buffered output to the process's stdout. */
export function stdoutOutput(): BufferedOutput {
  return new BufferedOutput(writeStdout);
}
