import { NoSoftwareReference } from '../../software/index.js';

/**
 * node:crypto declining the parameters (no such cipher, a key or data length it does not take):
 * the comparison is skipped. Anything else from the reference is a bug and ends the fuzz run.
 */
export function softwareRefusal(error: unknown): boolean {
  if (error instanceof NoSoftwareReference) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_');
}
