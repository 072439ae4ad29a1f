/**
 * Exit status of the self-checks (-z, -h): the number of failed checks, capped at 255 so
 * that it never wraps to 0 (the reference's does at 256).
 */
export function failureStatus(failed: number): number {
  return Math.min(failed, 255);
}
