/** --expect / --verify / --all-drivers library logic: comparison, majority, formatting. */
import { describe, expect, it } from 'vitest';
import { compareBlocks, differingPairs } from '../../src/toolkit/compare.js';
import { formatComparison, type TextStyle } from '../../src/toolkit/comparison-format.js';
import { driverRunsJson, formatDriverRuns, judgeDriverRuns, shortResult, type DriverRun } from '../../src/toolkit/driver-runs.js';
import { checkAlternatives, checkExpectation, expectedText, resultLines } from '../../src/toolkit/expectation.js';
import { majorityVote } from '../../src/toolkit/majority.js';

const a = '00112233445566778899aabbccddeeff';
const b = 'ffeeddccbbaa99887766554433221100';

describe('compareBlocks', () => {
  it('equal texts: every block the same', () => {
    const comparison = compareBlocks(a + b, a + b, 16);
    expect(comparison.equal).toBe(true);
    expect(comparison.differingBlocks).toBe(0);
    expect(comparison.rows.map((row) => row.offset)).toEqual([0, 16]);
  });

  it('marks exactly the differing block', () => {
    const comparison = compareBlocks(a + b, a + a, 16);
    expect(comparison.equal).toBe(false);
    expect(comparison.rows.map((row) => row.same)).toEqual([true, false]);
    expect(comparison.differingBlocks).toBe(1);
  });

  it('a shorter side has no block where it ended', () => {
    const comparison = compareBlocks(a, a + b, 16);
    expect(comparison.rows[1]).toMatchObject({ expected: undefined, actual: b, same: false });
  });

  it('block size 8 splits a 16-byte value in two', () => {
    expect(compareBlocks(a, a, 8).rows.map((row) => row.expected)).toEqual([a.slice(0, 16), a.slice(16)]);
  });

  it('two empty results compare equal in one empty block', () => {
    const comparison = compareBlocks('', '', 16);
    expect(comparison.equal).toBe(true);
    expect(comparison.rows).toHaveLength(1);
  });

  it('non-hex lines (EBADMSG) take part as text', () => {
    expect(compareBlocks('EBADMSG', a, 16).equal).toBe(false);
  });

  it('rejects a block size below 1', () => {
    expect(() => compareBlocks(a, a, 0)).toThrow(RangeError);
  });

  it('differingPairs names the differing bytes', () => {
    expect([...differingPairs('0011', '0012')]).toEqual([1]);
    expect([...differingPairs('00', '0011')]).toEqual([1]);
  });
});

describe('expectation', () => {
  it('result lines drop the -f duration line and lowercase hex', () => {
    expect(resultLines(['ABCD', 'duration 1234'], { timing: true, json: false })).toEqual(['abcd']);
    expect(resultLines(['duration 1234'], { timing: false, json: false })).toEqual(['duration 1234']);
  });

  it('with --json the run document stands for its output field', () => {
    expect(resultLines([JSON.stringify({ output: 'aabb', driver: 'x' })], { timing: false, json: true })).toEqual(['aabb']);
  });

  it('HEX is the concatenation of the lines, or each line of several', () => {
    expect(expectedText('aabb', ['aabb', 'aabb'])).toBe('aabbaabb');
    expect(expectedText('aabbaabb', ['aabb', 'aabb'])).toBe('aabbaabb');
    expect(expectedText('AABB', ['aabb'])).toBe('aabb');
    expect(checkExpectation(Buffer.from(a, 'hex'), [a, a], 16).equal).toBe(true);
    expect(checkExpectation(Buffer.from(a + a, 'hex'), [a, a], 16).equal).toBe(true);
    expect(checkExpectation(Buffer.from(a + b, 'hex'), [a, a], 16).equal).toBe(false);
    expect(checkExpectation(Buffer.from(a, 'hex'), [a, b], 16).rows.map((row) => row.same)).toEqual([true, false]);
  });

  it('an empty expectation meets an empty line (KDF -b 0)', () => {
    expect(checkExpectation(new Uint8Array(0), [''], 16).equal).toBe(true);
  });

  it('any one of several references is enough; else the closest one is reported', () => {
    expect(checkAlternatives([[b], [a]], [a], 16).equal).toBe(true);
    const closest = checkAlternatives([[b + b], [a + b]], [a + a], 16);
    expect(closest.equal).toBe(false);
    expect(closest.expected).toBe(a + b);
  });

  it('the same bytes in different lines are not the same result', () => {
    expect(checkAlternatives([[a + b]], [a, b], 16).equal).toBe(false);
  });
});

describe('majorityVote', () => {
  it('unanimous', () => {
    expect(majorityVote(['x', 'x', 'x'])).toEqual({ majority: 'x', unanimous: true, odd: [false, false, false] });
  });

  it('the odd one out', () => {
    expect(majorityVote(['x', 'y', 'x'])).toEqual({ majority: 'x', unanimous: false, odd: [false, true, false] });
  });

  it('a tie has no majority: every run is odd', () => {
    expect(majorityVote(['x', 'y'])).toEqual({ majority: undefined, unanimous: false, odd: [true, true] });
  });

  it('no runs', () => {
    expect(majorityVote([])).toEqual({ majority: undefined, unanimous: true, odd: [] });
  });
});

describe('formatComparison', () => {
  const marked: TextStyle = { expected: (t) => `<${t}>`, actual: (t) => `[${t}]`, same: (t) => t, heading: (t) => t };

  it('plain: summary, header, "!" on differing blocks', () => {
    const lines = formatComparison(compareBlocks(a + b, a + a, 16), { title: '--expect', expected: 'expected', actual: 'actual' });
    expect(lines[0]).toBe('--expect: 1 of 2 blocks differ (16-byte blocks; expected 32 bytes, actual 32 bytes)');
    expect(lines[1]).toMatch(/^ +block +offset +expected +actual$/);
    expect(lines[2]).toMatch(new RegExp(`^  +0 +0  ${a}  ${a}$`));
    expect(lines[3]).toMatch(new RegExp(`^! +1 +16  ${b}  ${a}$`));
  });

  it('the style highlights only the differing bytes', () => {
    const lines = formatComparison(compareBlocks('0011', '0012', 16), { title: 't', expected: 'e', actual: 'a' }, marked);
    expect(lines[2]).toContain('00<11>');
    expect(lines[2]).toContain('00[12]');
  });

  it('long results: differing blocks with neighbours, gaps counted', () => {
    const expected = a.repeat(100);
    const actual = a.repeat(50) + b + a.repeat(49);
    const lines = formatComparison(compareBlocks(expected, actual, 16), { title: 't', expected: 'e', actual: 'a' });
    expect(lines.filter((line) => line.startsWith('!'))).toHaveLength(1);
    expect(lines.filter((line) => /identical blocks/.test(line)).map((line) => line.trim().replace(/ +/g, ' '))).toEqual([
      '… 49 identical blocks',
      '… 48 identical blocks',
    ]);
  });

  it('missing blocks show (none)', () => {
    const lines = formatComparison(compareBlocks(a, '', 16), { title: 't', expected: 'e', actual: 'a' });
    expect(lines[2]).toMatch(/\(none\)$/);
  });
});

describe('driver runs', () => {
  const run = (driver: string, lines: string[], extra: Partial<DriverRun> = {}): DriverRun => ({
    driver,
    priority: 100,
    lines,
    status: 0,
    error: undefined,
    expectation: undefined,
    verification: undefined,
    ...extra,
  });

  it('agreement: status 0, every row "agrees"', () => {
    const judgement = judgeDriverRuns('cbc(aes)', [run('cbc-aes-aesni', [a]), run('cbc(aes-generic)', [a])]);
    expect(judgement.status).toBe(0);
    const table = formatDriverRuns(judgement);
    expect(table[0]).toBe('cbc(aes): all 2 implementations agree');
    expect(table[1]).toMatch(/^driver +priority +result +status$/);
    expect(table.slice(2).every((line) => line.endsWith('agrees'))).toBe(true);
  });

  it('the odd one out is marked and highlighted; status 1', () => {
    const judgement = judgeDriverRuns('x', [run('d1', [a]), run('d2', [b]), run('d3', [a])]);
    expect(judgement.status).toBe(1);
    const table = formatDriverRuns(judgement, (row) => `**${row}`);
    expect(table.filter((line) => line.startsWith('**'))).toEqual([expect.stringMatching(/^\*\*d2 .*DIFFERS from the majority$/)]);
  });

  it('a failing driver is an outcome of its own', () => {
    const judgement = judgeDriverRuns('x', [run('d1', [a]), run('d2', [], { status: 1, error: 'EINVAL' }), run('d3', [a])]);
    expect(judgement.status).toBe(1);
    expect(formatDriverRuns(judgement)[3]).toMatch(/^d2 .* -  +failed: EINVAL, DIFFERS from the majority$/);
  });

  it('all failing alike: their shared status', () => {
    expect(judgeDriverRuns('x', [run('d1', [], { status: 3, error: 'e' }), run('d2', [], { status: 3, error: 'e' })]).status).toBe(3);
  });

  it('agreeing drivers that miss --expect: status 1', () => {
    const expectation = compareBlocks(b, a, 16);
    const judgement = judgeDriverRuns('x', [run('d1', [a], { expectation }), run('d2', [a], { expectation })]);
    expect(judgement.status).toBe(1);
    expect(formatDriverRuns(judgement)[2]).toMatch(/agrees, differs from --expect$/);
    expect(driverRunsJson(judgement, { expect: b, verify: undefined })).toMatchObject({
      schema: 'kcapi-all-drivers/1',
      agree: true,
      status: 1,
      expect: b,
      verify: null,
      drivers: [{ driver: 'd1', output: [a], odd: false, matchesExpect: false, matchesNodeCrypto: null }, { driver: 'd2' }],
    });
  });

  it('shortResult keeps the start and the end', () => {
    expect(shortResult([a])).toBe(a);
    const short = shortResult([a + b]);
    expect(short).toHaveLength(40);
    expect(short.startsWith(a.slice(0, 20))).toBe(true);
    expect(short.endsWith(b.slice(-13))).toBe(true);
  });
});
