import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/help.js';
import { commandHelpTexts } from '../../src/cli/command-help.js';
import { seedVariable } from '../../src/ops/fuzz.js';
import { settingsVariables } from '../../src/vm/settings.js';
import { manPage, markdownOptionList } from '../../src/cli/man-page.js';
import { optionLabel, optionTable, subcommands } from '../../src/cli/option-table.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const { version } = JSON.parse(read('package.json')) as { version: string };

/** How roff writes a label: every '-' as '\-'. */
const inRoff = (text: string): string => text.replace(/-/g, '\\-');

describe('the option table', () => {
  it('has unique long names and short letters', () => {
    const longs = optionTable.map((spec) => spec.long);
    const shorts = optionTable.flatMap((spec) => (spec.short === undefined ? [] : [spec.short]));
    expect(new Set(longs).size).toBe(longs.length);
    expect(new Set(shorts).size).toBe(shorts.length);
  });

  it('holds the reference option string ec:p:q:i:mn:k:a:l:t:x:zsyd:vo:r:b:fghju', () => {
    const reference = optionTable.filter((spec) => spec.origin === 'reference');
    const optstring = 'ec:p:q:i:mn:k:a:l:t:x:zsyd:vo:r:b:fghju';
    const expected = [...optstring.matchAll(/([a-z])(:?)/g)].map(([, letter, colon]) => `${letter}${colon}`).sort();
    const actual = reference.map((spec) => `${spec.short}${spec.argument === 'required' ? ':' : ''}`).sort();
    expect(actual).toEqual(expected);
  });
});

describe('man/kcapi.1', () => {
  const committed = read('man/kcapi.1');

  it('is what scripts/gen-man.mjs generates from the table (regenerate it after changing the table)', () => {
    expect(committed).toBe(manPage(version, commandHelpTexts()));
  });

  it('documents every option of the table and every command', () => {
    for (const spec of optionTable) expect(committed).toContain(`.B ${inRoff(optionLabel(spec))}\n`);
    for (const command of subcommands) expect(committed).toContain(`.B ${command.name}\n`);
  });

  it("documents every command's own options, as its --help prints them", () => {
    const helps = commandHelpTexts();
    expect(helps.map((help) => help.title)).toEqual(expect.arrayContaining(subcommands.map((command) => command.name)));
    for (const help of helps) {
      expect(committed).toContain(`.SS\n${inRoff(`kcapi ${help.title}`)}\n`);
      const options = help.text.match(/--[a-z][a-z0-9-]*/g) ?? [];
      expect(options.length, help.title).toBeGreaterThan(0);
      for (const option of options) expect(committed, `${help.title} ${option}`).toContain(inRoff(option));
    }
  });

  it('names every environment variable the runner and the fuzzer read', () => {
    for (const variable of [...Object.values(settingsVariables), seedVariable]) {
      expect(committed, variable).toContain(inRoff(variable));
    }
  });

  it('has the sections a man page needs, with examples and exit statuses', () => {
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES']) {
      expect(committed).toContain(`.SH ${section}\n`);
    }
    expect(committed).toContain('8b19050f66582cb7f7e4b6c873819b71');
  });

  it('is installed through package.json "man"', () => {
    const manifest = JSON.parse(read('package.json')) as { man: string[]; files: string[] };
    expect(manifest.man).toContain('man/kcapi.1');
  });
});

describe('kcapi --help', () => {
  const help = helpText();

  it('lists every option and command', () => {
    for (const spec of optionTable) expect(help).toContain(optionLabel(spec));
    for (const command of subcommands) expect(help).toContain(`  ${command.name} `);
  });

  it('says that -h is not help', () => {
    expect(help).toMatch(/-h runs the fuzz tests; help is --help/);
  });

  it('fits 80 columns', () => {
    for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('README.md', () => {
  it('carries the generated option list', () => {
    expect(read('README.md')).toContain(markdownOptionList());
  });
});

describe('citations of docs/ in sources and tests', () => {
  const files = (directory: string): string[] =>
    readdirSync(new URL(directory, root), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(`${directory}${entry.name}/`) : /\.(ts|mjs|c)$/.test(entry.name) ? [`${directory}${entry.name}`] : [],
    );
  const cited = [...files('src/'), ...files('test/'), ...files('scripts/'), 'README.md'].flatMap((file) =>
    [...read(file).matchAll(/docs\/([a-z-]+\.md)(?: (§\d+(?:, §\d+)*)|, "([^"]+)")?/g)].map((match) => ({ file, match })),
  );

  it('name pages and sections that exist', () => {
    expect(cited.length).toBeGreaterThan(25);
    for (const { file, match } of cited) {
      const [, page, sections, title] = match;
      const text = read(`docs/${page}`);
      for (const section of sections?.split(', ') ?? []) expect(text, `${file}: ${match[0]}`).toMatch(new RegExp(`^## ${section} `, 'm'));
      if (title !== undefined) expect(text, `${file}: ${match[0]}`).toContain(`\n## ${title}\n`);
    }
  });
});

describe('CI runs the README', () => {
  it(".ci/run runs the README's first sh block and installs nothing of its own", () => {
    const ci = read('.ci/run');
    expect(ci).toContain('README.md');
    expect(ci).not.toMatch(/apt-get|apt install|npm ci|dpkg/);
    const block = /^```sh\n([\s\S]*?)^```$/m.exec(read('README.md'))?.[1] ?? '';
    const commands = block.trim().split('\n');
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^npm install && node bin\/kcapi\.js --vm /);
    expect(commands[1]).toBe('npm test');
  });
});
