import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installsMissingPackages, resolveSettings, settingsTable, settingsVariables } from '../../src/vm/settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const settingsFile = 'src/vm/settings.ts';
const runnerVariable = /KCAPI_(VM_[A-Z0-9_]+|QEMU[A-Z0-9_]*)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('the runner settings table', () => {
  const variables = Object.values(settingsTable).map((setting) => setting.variable);

  it('declares each variable once, with a meaning and a default', () => {
    expect(new Set(variables).size).toBe(variables.length);
    for (const setting of Object.values(settingsTable)) {
      expect(setting.variable).toMatch(/^KCAPI_(VM_[A-Z_]+|QEMU)$/);
      expect(setting.meaning.length, setting.variable).toBeGreaterThan(10);
      expect(setting.default.length, setting.variable).toBeGreaterThan(0);
    }
  });

  it('is the only file under src/ that names a KCAPI_VM_* or KCAPI_QEMU* variable', () => {
    const sources = sourceFiles(join(root, 'src'));
    expect(sources.map((file) => relative(root, file))).toContain(settingsFile);
    const outside = sources
      .filter((file) => relative(root, file) !== settingsFile)
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(runnerVariable)].map((match) => `${relative(root, file)}: ${match[0]}`));
    expect(outside).toEqual([]);
  });

  it('declares every variable settings.ts reads', () => {
    const named = new Set([...readFileSync(join(root, settingsFile), 'utf8').matchAll(runnerVariable)].map((match) => match[0]));
    expect([...named].sort()).toEqual([...variables].sort());
  });

  it('is listed in the man page, each variable with its default', () => {
    const man = readFileSync(join(root, 'man/kcapi.1'), 'utf8');
    const roff = (text: string): string => text.replace(/-/g, '\\-');
    for (const setting of Object.values(settingsTable)) {
      expect(man, setting.variable).toContain(`.B ${roff(setting.variable)}\n`);
      expect(man, setting.variable).toContain(roff(`(default: ${setting.default})`));
    }
  });

  it('reads each variable from the environment it is given', () => {
    const env = {
      [settingsVariables.kernel]: 'sid',
      [settingsVariables.qemu]: '/opt/qemu',
      [settingsVariables.pvh]: '0',
      [settingsVariables.warm]: '0',
      [settingsVariables.extraQemuArguments]: '-a  -b',
    };
    const settings = resolveSettings({}, env);
    expect(settings).toMatchObject({ kernel: 'sid', qemu: '/opt/qemu', pvh: false, warm: false, extraQemuArguments: ['-a', '-b'] });
    expect(resolveSettings({}, {})).toMatchObject({ qemu: undefined, pvh: true, warm: true, extraQemuArguments: [] });
    expect(resolveSettings({}, { [settingsVariables.qemu]: '' }).qemu).toBeUndefined();
    expect(installsMissingPackages({})).toBe(true);
    expect(installsMissingPackages({ [settingsVariables.noInstall]: '1' })).toBe(false);
  });
});
