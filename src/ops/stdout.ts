import { writeSync } from 'node:fs';

let useStream = false;

/** Output through process.stdout from now on: in a worker thread descriptor 1 is the whole process's. */
export function useStdoutStream(): void {
  useStream = true;
}

/**
 * Writes `text` to standard output, straight to descriptor 1: creating process.stdout loads
 * Node's stream machinery, a good part of a short run's start when the CPU is emulated.
 * Should the descriptor be non-blocking and full (EAGAIN), the stream takes over for the rest
 * of the run, keeping the order. A reader that went away (EPIPE, `kcapi ... | head -1`) ends
 * the output silently, as it does for the stream.
 */
export function writeStdout(text: string): void {
  if (useStream) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw error;
    useStream = true;
    process.stdout.write(bytes.subarray(offset));
  }
}
