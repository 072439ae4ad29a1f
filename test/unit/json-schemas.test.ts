/**
 * The documents `--json` prints conform to the documented field lists (src/cli/json-schemas.ts,
 * rendered into docs/json.md). Documents come from the real producers; on a kernel with AF_ALG
 * (the guest) the success shapes are checked, elsewhere the failure shapes, and the
 * expectations say which.
 */
import { createHash } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompatible } from '../../src/cli/compatible.js';
import { jsonSchemas, renderJsonDocs, schemaById, validateDocument, type JsonSchemaSpec } from '../../src/cli/json-schemas.js';
import { afAlgStatus } from '../../src/kernel/index.js';
import { collectKernelInfo } from '../../src/kernel-info/collect.js';
import { listAllDrivers, listDrivers } from '../../src/kernel-info/drivers.js';
import { allDriversJson, driversJson } from '../../src/kernel-info/drivers-format.js';
import { CollectingOutput } from '../../src/ops/output.js';
import { SoftwareBackend } from '../../src/verify/software-backend.js';
import { jsonReporter } from '../../src/verify/report/json.js';
import { runVectorFiles } from '../../src/verify/runner.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';

const kernel = afAlgStatus().available;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function expectConforms(schemaId: string, document: unknown): void {
  expect(validateDocument(schemaById(schemaId), document)).toEqual([]);
}

/** `kcapi ARGS...` in this process: its stdout must be one line holding one document. */
async function jsonRun(...args: string[]): Promise<{ status: number; document: Record<string, unknown> }> {
  const output = new CollectingOutput();
  const status = await runCompatible(args, output);
  expect(output.lines).toHaveLength(1);
  const document = JSON.parse(output.lines[0]!) as Record<string, unknown>;
  expect(document.status).toBe(status);
  return { status, document };
}

describe('the schema table', () => {
  it('is rendered into docs/json.md (run scripts/gen-json-doc.mjs after changing it)', () => {
    expect(readFileSync(new URL('../../docs/json.md', import.meta.url), 'utf8')).toBe(renderJsonDocs());
  });

  it('has unique ids with a version, a schema field and a parent for every nested path', () => {
    expect(new Set(jsonSchemas.map((schema) => schema.id)).size).toBe(jsonSchemas.length);
    for (const schema of jsonSchemas) {
      expect(schema.id).toMatch(/^kcapi-[a-z-]+\/\d+$/);
      expect(schema.fields[0]).toMatchObject({ path: 'schema', type: `"${schema.id}"` });
      const paths = new Map(schema.fields.map((field) => [field.path, field.type]));
      expect(paths.size, `${schema.id} has duplicate paths`).toBe(schema.fields.length);
      for (const field of schema.fields) {
        const parent = /^(.*)(\.[^.[{]+|\[\]|\{\})$/.exec(field.path)?.[1];
        if (parent === undefined) continue;
        const kind = field.path.endsWith('[]') ? 'array' : field.path.endsWith('{}') ? 'map' : 'object';
        expect(paths.get(parent) ?? '', `${schema.id}: parent of ${field.path}`).toContain(kind);
      }
    }
  });
});

describe('validateDocument', () => {
  const schema: JsonSchemaSpec = {
    id: 'kcapi-test/1',
    producedBy: [],
    summary: '',
    fields: [
      { path: 'schema', type: '"kcapi-test/1"', meaning: '' },
      { path: 'count', type: 'integer', meaning: '' },
      { path: 'items', type: 'array', meaning: '' },
      { path: 'items[]', type: 'object', meaning: '' },
      { path: 'items[].name', type: 'string | null', meaning: '' },
      { path: 'items[].extra', type: 'boolean', meaning: '', optional: true },
      { path: 'errors', type: 'map', meaning: '' },
      { path: 'errors{}', type: 'integer', meaning: '' },
      { path: 'kind', type: '"a" | "b"', meaning: '' },
    ],
  };
  const good = { schema: 'kcapi-test/1', count: 2, items: [{ name: 'x' }, { name: null, extra: true }], errors: { EBUSY: 3 }, kind: 'b' };

  it('accepts a conforming document, with or without optional fields', () => {
    expect(validateDocument(schema, good)).toEqual([]);
  });

  it('names every problem', () => {
    expect(validateDocument(schema, { ...good, schema: 'kcapi-test/2' })).toEqual([
      'schema: "kcapi-test/2" is not "kcapi-test/1"',
      'schema: "kcapi-test/2" is not "kcapi-test/1"',
    ]);
    expect(validateDocument(schema, { ...good, surprise: 1 })).toEqual(['surprise: not documented']);
    const { count: _, ...withoutCount } = good;
    expect(validateDocument(schema, withoutCount)).toEqual(['count: missing']);
    expect(validateDocument(schema, { ...good, count: 1.5 })).toEqual(['count: 1.5 is not integer']);
    expect(validateDocument(schema, { ...good, items: [{ name: 3 }] })).toEqual(['items[].name: 3 is not string | null']);
    expect(validateDocument(schema, { ...good, items: [{ name: 'x', more: 1 }] })).toEqual(['items[].more: not documented']);
    expect(validateDocument(schema, { ...good, errors: { EBUSY: 'x' } })).toEqual(['errors{}: "x" is not integer']);
    expect(validateDocument(schema, { ...good, kind: 'c' })).toEqual(['kind: "c" is not "a" | "b"']);
    expect(validateDocument(schema, [])).toEqual(['the document is not an object']);
  });
});

describe('kcapi-result/1 (kcapi -x ... --json)', { timeout: 60_000 }, () => {
  it('holds a digest as the line the invocation prints', async () => {
    const message = randomBytes(37);
    const { status, document } = await jsonRun('-x', '3', '-c', 'sha256', '-p', hex(message), '--json');
    expectConforms('kcapi-result/1', document);
    expect(document).toMatchObject({ operation: '3', type: 3, algorithm: 'sha256', run: null });
    if (kernel) {
      expect(status).toBe(0);
      expect(document).toMatchObject({ ok: true, error: null, lines: [createHash('sha256').update(message).digest('hex')] });
    } else {
      expect(status).toBe(3);
      expect(document).toMatchObject({
        ok: false,
        error: { kind: 'unsupported' },
        lines: ['Allocation of hash sha256 failed', 'Failed to invoke testing'],
      });
    }
  });

  it('moves the -f duration into durationNs', async () => {
    const { status, document } = await jsonRun(
      '-x',
      '1',
      '-e',
      '-c',
      'cbc(aes)',
      '-k',
      hex(randomBytes(16)),
      '-i',
      hex(randomBytes(16)),
      '-p',
      hex(randomBytes(32)),
      '-f',
      '--json',
    );
    expectConforms('kcapi-result/1', document);
    if (kernel) {
      expect(status).toBe(0);
      expect(document.durationNs).toEqual(expect.any(Number));
      expect(document.lines).toHaveLength(1);
    } else {
      expect(document.durationNs).toBeNull();
    }
  });

  it('carries the request-mode details of -x 9 under run', async () => {
    const { status, document } = await jsonRun(
      '-x',
      '9',
      '-e',
      '-c',
      'cbc(aes)',
      '-k',
      hex(randomBytes(16)),
      '-i',
      hex(randomBytes(16)),
      '-p',
      hex(randomBytes(32)),
      '-d',
      '3',
      '--check',
      '-f',
      '--json',
    );
    expectConforms('kcapi-result/1', document);
    if (kernel) {
      expect(status).toBe(0);
      const run = document.run as Record<string, unknown>;
      expect(run).toMatchObject({ algorithm: 'cbc(aes)', requests: 3, requestBytes: 32, check: { passed: true } });
      expect(document.lines).toEqual([run.output]);
      expect(document.durationNs).toEqual(expect.any(Number));
    } else {
      expect(document.run).toBeNull();
    }
  });

  it('reports a usage error and nothing to do', async () => {
    const bad = await jsonRun('-x', '3', '-c', 'sha256', '-p', 'zz', '--json');
    expectConforms('kcapi-result/1', bad.document);
    expect(bad.document).toMatchObject({ status: 2, lines: [], error: { kind: 'usage' } });
    const nothing = await jsonRun('--json');
    expectConforms('kcapi-result/1', nothing.document);
    expect(nothing.document).toMatchObject({ status: 1, operation: null, error: { kind: 'usage' } });
  });

  it('reports the reference lines of a failed operation', async () => {
    const { document } = await jsonRun(
      '-x',
      '1',
      '-e',
      '-c',
      'cbc(aes)',
      '-k',
      hex(randomBytes(5)),
      '-i',
      hex(randomBytes(16)),
      '-p',
      hex(randomBytes(16)),
      '--json',
    );
    expectConforms('kcapi-result/1', document);
    expect(document.ok).toBe(false);
    expect(document.lines).toContain('Failed to invoke testing');
  });
});

describe('kcapi-all-drivers/1 (--all-drivers --json)', { timeout: 60_000 }, () => {
  it('conforms on a kernel with AF_ALG (without: status 3, as without --all-drivers)', async () => {
    const output = new CollectingOutput();
    const status = await runCompatible(['-x', '3', '-c', 'sha256', '-p', hex(randomBytes(8)), '--all-drivers', '--json'], output);
    if (kernel) {
      expect(output.lines).toHaveLength(1);
      const document = JSON.parse(output.lines[0]!) as Record<string, unknown>;
      expectConforms('kcapi-all-drivers/1', document);
      expect(document).toMatchObject({ agree: true, status });
    } else {
      expect(status).toBe(3);
    }
  });
});

describe('kcapi-drivers/1 (kcapi drivers --json)', () => {
  it('conforms for one algorithm and for all', () => {
    const listing = listDrivers('sha256');
    expect(listing.drivers.length).toBeGreaterThan(0);
    expectConforms('kcapi-drivers/1', JSON.parse(JSON.stringify(driversJson(listing))));
    expectConforms('kcapi-drivers/1', JSON.parse(JSON.stringify(allDriversJson(listAllDrivers()))));
  });
});

describe('kcapi-info/1 (kcapi info --json)', () => {
  it('conforms', async () => {
    const info = JSON.parse(JSON.stringify(await collectKernelInfo()));
    expectConforms('kcapi-info/1', info);
    expect(info.afAlg.available).toBe(kernel);
    if (kernel) expect(info.socketTypes).not.toBeNull();
  });
});

describe('kcapi-vectors/1 (kcapi vectors --json)', () => {
  it('conforms for passing and failing vectors', async () => {
    const root = requireCavpRoot();
    const folder = mkdtempSync(join(tmpdir(), 'kcapi-json-vectors-'));
    // One digest changed: a real failure, with expected and actual.
    const tampered = join(folder, 'SHA256ShortMsg.rsp');
    const original = readFileSync(join(root, 'hashes/SHA2/SHA256ShortMsg.rsp'), 'latin1');
    writeFileSync(
      tampered,
      original.replace(/^MD = ([0-9a-f])/m, (_, digit: string) => `MD = ${digit === '0' ? '1' : '0'}`),
    );
    const files = [tampered, join(root, 'ciphers/AES/CBC/CBCGFSbox128.rsp')];
    let text = '';
    const reporter = jsonReporter((chunk) => (text += chunk), { backend: 'node:crypto', kernelRelease: 'test' });
    const summary = await runVectorFiles(files, new SoftwareBackend(), reporter);
    reporter.finish(summary);
    const document = JSON.parse(text) as {
      summary: { failed: number; passed: number };
      results: { status: string; expected: string | null }[];
    };
    expectConforms('kcapi-vectors/1', document);
    expect(document.summary).toMatchObject({ failed: 1, passed: expect.any(Number) });
    expect(document.results.find((result) => result.status === 'fail')?.expected).toEqual(expect.any(String));
  }, 60_000);
});
