/** A one-line progress display on a terminal's stderr, redrawn at most ten times a second. */

export interface Progress {
  update(text: string): void;
  /** Takes the line off the screen until the next update (before other output to the terminal). */
  hide(): void;
  /** Prints a whole line above the progress line (notes, warnings). */
  message(line: string): void;
  /** Removes the line for good. */
  clear(): void;
}

const silent: Progress = {
  update: () => {},
  hide: () => {},
  message: (line) => process.stderr.write(`${line}\n`),
  clear: () => {},
};

/** Draws only when `enabled` (by default: when stderr is a terminal). */
export function createProgress(
  enabled = process.stderr.isTTY === true,
  stream: Pick<NodeJS.WriteStream, 'write' | 'columns'> = process.stderr,
  now: () => number = Date.now,
): Progress {
  if (!enabled) return silent;
  let shown = false;
  let last = -Infinity;
  let pending = '';
  const draw = (text: string) => {
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    shown = true;
  };
  const hide = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(text) {
      pending = text;
      const time = now();
      if (time - last < 100 && shown) return;
      last = time;
      draw(text);
    },
    hide,
    message(line) {
      hide();
      stream.write(`${line}\n`);
      if (pending) draw(pending);
    },
    clear() {
      hide();
      pending = '';
    },
  };
}

/** `[#####.....]` for a fraction from 0 to 1. */
export function bar(fraction: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
