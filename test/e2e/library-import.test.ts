/**
 * The package entry (dist/index.js, package.json "exports") has no import side effects:
 * importing it loads no addon, touches no file or environment variable, prints nothing and
 * leaves no timer or handle behind. The addon loads on first use (src/native.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'kcapi-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface ImportReport {
  readonly events: string[];
  readonly resourcesBefore: string[];
  readonly resourcesAfter: string[];
  readonly stdout: string;
  readonly stderr: string;
}

/** Resources (timers, handles) alive after the import that were not before it. */
function newResources(report: ImportReport): string[] {
  const before = [...report.resourcesBefore];
  return report.resourcesAfter.filter((name) => {
    const index = before.indexOf(name);
    if (index < 0) return true;
    before.splice(index, 1);
    return false;
  });
}

let reports = 0;

function importWatched(module: string): ImportReport {
  const report = join(folder, `report-${++reports}.json`);
  const child = spawnSync(process.execPath, [fixture('import-probe.mjs'), module, report], { encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(0);
  return {
    ...(JSON.parse(readFileSync(report, 'utf8')) as Omit<ImportReport, 'stdout' | 'stderr'>),
    stdout: child.stdout,
    stderr: child.stderr,
  };
}

describe('importing the library entry', () => {
  it('the probe sees nothing for a module that does nothing', () => {
    const report = importWatched(fixture('empty.mjs'));
    expect(report.events).toEqual([]);
    expect(newResources(report)).toEqual([]);
  });

  it('the probe sees a file read, an environment variable, output, an addon and a timer', () => {
    const report = importWatched(fixture('side-effects.mjs'));
    expect(report.events).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fs\.readFileSync\(.* at .*side-effects\.mjs/),
        expect.stringMatching(/^env\.KCAPI_PROBE_VARIABLE at /),
        expect.stringMatching(/^stdout: {2}at /),
        expect.stringMatching(/^dlopen\(.*kcapi_native\.node\) at /),
      ]),
    );
    expect(newResources(report)).toContain('Timeout');
  });

  it('dist/index.js does none of it', () => {
    const report = importWatched(entry);
    expect(report.events).toEqual([]);
    expect(newResources(report)).toEqual([]);
    expect({ stdout: report.stdout, stderr: report.stderr }).toEqual({ stdout: '', stderr: '' });
  });
});
