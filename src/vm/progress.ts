/** Progress of slow preparation steps, shown on one rewritten terminal line. */
export interface Progress {
  /** A new step; `fraction` in [0, 1] when known. */
  show(message: string, fraction?: number): void;
  /** Clears the line (before the command's own output starts). */
  clear(): void;
}

export const silentProgress: Progress = { show() {}, clear() {} };

interface TerminalLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

/** Progress on `stream` when it is a terminal; silent otherwise, so that captured stderr stays the command's own. */
export function terminalProgress(stream: TerminalLike): Progress {
  if (!stream.isTTY) return silentProgress;
  let visible = false;
  let lastText = '';
  return {
    show(message, fraction) {
      const percent = fraction === undefined ? '' : ` ${Math.floor(Math.min(Math.max(fraction, 0), 1) * 100)}%`;
      const text = `kcapi vm: ${message}${percent}`.slice(0, Math.max((stream.columns ?? 80) - 1, 20));
      if (text === lastText) return;
      lastText = text;
      stream.write(`\r\x1b[K${text}`);
      visible = true;
    },
    clear() {
      if (visible) stream.write('\r\x1b[K');
      visible = false;
      lastText = '';
    },
  };
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}
