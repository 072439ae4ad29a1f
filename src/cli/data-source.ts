import { readFileSync } from 'node:fs';

/**
 * Where `@FILE`, `@-` and `env:NAME` values come from. The real one reads the file system,
 * standard input and the environment; `unreadSources` only checks syntax (used before
 * handing an invocation to a guest, which reads the values itself).
 */
export interface DataSources {
  readFile(path: string): Uint8Array;
  readStdin(): Uint8Array;
  env(name: string): string | undefined;
}

export function processSources(): DataSources {
  return {
    readFile: (path) => readFileSync(path),
    readStdin: () => readFileSync(0),
    env: (name) => process.env[name],
  };
}

export const unreadSources: DataSources = {
  readFile: () => new Uint8Array(0),
  readStdin: () => new Uint8Array(0),
  env: () => '',
};
