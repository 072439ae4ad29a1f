import { UsageError } from '../../errors.js';

/**
 * The command's environment in the guest: the host variables that describe the user, the
 * terminal, the CI and Node/npm/vitest settings pass through; anything naming host-only
 * resources (sockets, runtime dirs, a display) does not.
 */
const passedNames = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'CLICOLOR',
  'CLICOLOR_FORCE',
  'CI',
  'DEBUG',
  'UV_THREADPOOL_SIZE',
]);
const passedPrefixes = ['LC_', 'NODE_', 'npm_', 'NPM_', 'VITEST', 'VITE_', 'KCAPI_', 'GITHUB_', 'RUNNER_'];

/** Variables set in every guest, because the host values would point at read-only places. */
export const guestOverrides: Readonly<Record<string, string>> = {
  TMPDIR: '/tmp',
  npm_config_cache: '/tmp/.npm',
  npm_config_update_notifier: 'false',
  KCAPI_IN_GUEST: '1',
};

export function isPassedThrough(name: string): boolean {
  return passedNames.has(name) || passedPrefixes.some((prefix) => name.startsWith(prefix));
}

/** Host variables that pass, then the guest overrides, then the caller's own `extra`. */
export function guestEnvironment(
  host: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(host)) {
    if (value !== undefined && isPassedThrough(name)) env[name] = value;
  }
  return { ...env, ...guestOverrides, ...extra };
}

/** `NAME=VALUE` sets a value; a bare `NAME` takes the host's value (skipped if unset). */
export function parseEnvAssignments(items: readonly string[], host: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of items) {
    const equals = item.indexOf('=');
    const name = equals < 0 ? item : item.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`not an environment variable name: ${name}`);
    const value = equals < 0 ? host[name] : item.slice(equals + 1);
    if (value !== undefined) env[name] = value;
  }
  return env;
}
