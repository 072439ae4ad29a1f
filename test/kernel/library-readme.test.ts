/**
 * The README's library example, run as written (its `from 'kcapi'` pointed at the built
 * package), must print the output the README shows under it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { requireAfAlg } from '../helpers/kernel.js';

const root = new URL('../..', import.meta.url).pathname;

function readmeBlocks(): { code: string; output: string } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library'), readme.indexOf('\n## ', readme.indexOf('## Library') + 1));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  const output = /```text\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined || output === undefined) throw new Error('README: the Library section lost its js or text block');
  return { code, output };
}

it("the README's library example prints what the README says", () => {
  requireAfAlg();
  const { code, output } = readmeBlocks();
  expect(code).toContain("from 'kcapi'");
  const folder = mkdtempSync(join(tmpdir(), 'kcapi-readme-'));
  try {
    const script = join(folder, 'example.mjs');
    writeFileSync(script, code.replace("from 'kcapi'", `from '${pathToFileURL(join(root, 'dist', 'index.js')).href}'`));
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(output);
    expect(run.status).toBe(0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 180_000);
