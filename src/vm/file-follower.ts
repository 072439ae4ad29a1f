import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Copies what another process appends to `path` into `sink` as it arrives (binary-safe,
 * respecting back-pressure), until finish() is called and the file has been read to its end.
 */
export class FileFollower {
  private finishing = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly sink: Writable,
    private readonly pollMs = 25,
  ) {
    this.done = this.copy();
  }

  /** Reads the rest of the file (the writer has stopped) and resolves when all of it reached the sink. */
  async finish(): Promise<void> {
    this.finishing = true;
    await this.done;
  }

  private async copy(): Promise<void> {
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(1 << 20);
      let position = 0;
      for (;;) {
        const finalPass = this.finishing;
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead > 0) {
          position += bytesRead;
          await this.write(Buffer.from(buffer.subarray(0, bytesRead)));
          continue;
        }
        if (finalPass) return;
        await sleep(this.pollMs);
      }
    } finally {
      await handle.close();
    }
  }

  private write(chunk: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const ready = this.sink.write(chunk, (error) => (error ? reject(error) : undefined));
      if (ready) resolve();
      else this.sink.once('drain', resolve);
    });
  }
}
