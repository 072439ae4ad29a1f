/** Progress of slow preparation steps: one rewritten line on a terminal, plain lines otherwise. */
export interface Progress {
  /** A set-up step (install, download, unpack); `fraction` in [0, 1] when known. */
  show(message: string, fraction?: number): void;
  /** A step every run takes (booting): worth a line only when set-up work came before it. */
  routine(message: string): void;
  /** Clears the line (before the command's own output starts). */
  clear(): void;
}

export const silentProgress: Progress = { show() {}, routine() {}, clear() {} };

interface TerminalLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

/**
 * Progress on `stream`. On a terminal, one line rewritten in place. Elsewhere (CI logs,
 * captured stderr) one plain line per set-up step, so that a first run's minute of apt,
 * download and unpack is not silent, while a run with everything cached prints nothing and
 * its stderr stays the command's own.
 */
export function terminalProgress(stream: TerminalLike): Progress {
  return stream.isTTY ? rewrittenLine(stream) : plainLines(stream);
}

function rewrittenLine(stream: TerminalLike): Progress {
  let visible = false;
  let lastText = '';
  const show = (message: string, fraction?: number) => {
    const percent = fraction === undefined ? '' : ` ${Math.floor(Math.min(Math.max(fraction, 0), 1) * 100)}%`;
    const text = `kcapi vm: ${message}${percent}`.slice(0, Math.max((stream.columns ?? 80) - 1, 20));
    if (text === lastText) return;
    lastText = text;
    stream.write(`\r\x1b[K${text}`);
    visible = true;
  };
  return {
    show,
    routine: (message) => show(message),
    clear() {
      if (visible) stream.write('\r\x1b[K');
      visible = false;
      lastText = '';
    },
  };
}

function plainLines(stream: TerminalLike): Progress {
  let setupSeen = false;
  let lastMessage = '';
  const line = (message: string) => {
    if (message === lastMessage) return;
    lastMessage = message;
    stream.write(`kcapi vm: ${message}\n`);
  };
  return {
    show(message) {
      setupSeen = true;
      line(message);
    },
    routine(message) {
      if (setupSeen) line(message);
    },
    clear() {},
  };
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}
