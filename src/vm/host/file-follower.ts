import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Copies what another process appends to `path` into `sink` as it arrives (binary-safe,
 * respecting back-pressure), until finish() is called and the file has been read to its end.
 * A sink that fails stops the copy; a reader that went away (EPIPE, `kcapi --vm ... | head -1`)
 * is not an error, as for a command run here.
 */
export class FileFollower {
  private finishing = false;
  private sinkError: NodeJS.ErrnoException | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly sink: Writable,
    private readonly pollMs = 25,
  ) {
    this.done = this.copy();
    // finish() reports a failure; until it is called, nobody else awaits the copy.
    this.done.catch(() => {});
  }

  /** Reads the rest of the file (the writer has stopped) and resolves when all of it reached the sink. */
  async finish(): Promise<void> {
    this.finishing = true;
    await this.done;
    if (this.sinkError !== undefined && this.sinkError.code !== 'EPIPE') throw this.sinkError;
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
          if (this.sinkError === undefined) await this.write(Buffer.from(buffer.subarray(0, bytesRead)));
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
    return new Promise((resolve) => {
      const failed = (error: Error | null | undefined): void => {
        if (!error) return;
        this.sinkError ??= error as NodeJS.ErrnoException;
        this.sink.off('drain', resolve);
        resolve();
      };
      const ready = this.sink.write(chunk, failed);
      if (ready) resolve();
      else this.sink.once('drain', resolve);
    });
  }
}
