/**
 * `--all-drivers`: judging the runs of one invocation on every implementation of an
 * algorithm, and their table / JSON document. Running them is the CLI's part.
 */
import type { Comparison } from './compare.js';
import { majorityVote, type Vote } from './majority.js';

export interface DriverRun {
  readonly driver: string;
  readonly priority: number;
  /** The result lines (see expectation.ts); empty when the run failed. */
  readonly lines: readonly string[];
  /** The run's exit status (0 when it succeeded). */
  readonly status: number;
  /** Why the run failed. */
  readonly error: string | undefined;
  /** Against --expect, when given. */
  readonly expectation: Comparison | undefined;
  /** Against node:crypto, with --verify when verifiable. */
  readonly verification: Comparison | undefined;
}

export interface DriverJudgement {
  readonly algorithm: string;
  readonly runs: readonly DriverRun[];
  readonly vote: Vote;
  /** Exit status: 0 all agree (and meet --expect/--verify), 1 they do not, else the shared failure's status. */
  readonly status: number;
}

/** What a run is compared on: its result lines, or that it failed and how. */
export function outcomeKey(run: Pick<DriverRun, 'lines' | 'status' | 'error'>): string {
  return run.error === undefined ? run.lines.join('\n') : `failed with exit status ${run.status}`;
}

export function judgeDriverRuns(algorithm: string, runs: readonly DriverRun[]): DriverJudgement {
  const vote = majorityVote(runs.map(outcomeKey));
  const checksFailed = runs.some((run) => run.expectation?.equal === false || run.verification?.equal === false);
  let status = 0;
  if (!vote.unanimous || checksFailed) status = 1;
  else if (runs[0]?.error !== undefined) status = runs[0].status;
  return { algorithm, runs, vote, status };
}

/** Long results are shown by their start and end. */
export function shortResult(lines: readonly string[], width = 40): string {
  const text = lines.join(' ');
  if (text.length <= width) return text;
  const tail = Math.floor((width - 1) / 3);
  return `${text.slice(0, width - 1 - tail)}…${text.slice(text.length - tail)}`;
}

export function runVerdict(judgement: DriverJudgement, index: number): string {
  const run = judgement.runs[index];
  if (run === undefined) return '';
  const parts: string[] = [];
  if (run.error !== undefined) parts.push(`failed: ${run.error}`);
  if (judgement.vote.odd[index]) parts.push(judgement.vote.majority === undefined ? 'no majority' : 'DIFFERS from the majority');
  else if (run.error === undefined) parts.push(judgement.vote.unanimous ? 'agrees' : 'majority');
  if (run.expectation?.equal === false) parts.push('differs from --expect');
  if (run.verification?.equal === false) parts.push('differs from node:crypto');
  return parts.join(', ');
}

/** The table for stdout; `highlight` styles the rows of the odd ones out (identity without colour). */
export function formatDriverRuns(judgement: DriverJudgement, highlight: (row: string) => string = (row) => row): string[] {
  const header = ['driver', 'priority', 'result', 'status'];
  const cells = judgement.runs.map((run, index) => [
    run.driver,
    String(run.priority),
    run.error === undefined ? shortResult(run.lines) : '-',
    runVerdict(judgement, index),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]?.length ?? 0)));
  const render = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const count = judgement.runs.length;
  const summary = judgement.vote.unanimous
    ? `${judgement.algorithm}: ${count === 1 ? 'one implementation' : `all ${count} implementations agree`}`
    : `${judgement.algorithm}: the ${count} implementations disagree`;
  return [summary, render(header), ...cells.map((row, index) => (judgement.vote.odd[index] ? highlight(render(row)) : render(row)))];
}

/** The `--json` document (schema "kcapi-all-drivers/1"). */
export function driverRunsJson(
  judgement: DriverJudgement,
  extra: { expect: string | undefined; verify: 'compared' | 'not verifiable' | undefined },
) {
  const { vote } = judgement;
  return {
    schema: 'kcapi-all-drivers/1',
    algorithm: judgement.algorithm,
    agree: vote.unanimous,
    status: judgement.status,
    expect: extra.expect ?? null,
    verify: extra.verify ?? null,
    drivers: judgement.runs.map((run, index) => ({
      driver: run.driver,
      priority: run.priority,
      exitStatus: run.status,
      output: run.error === undefined ? [...run.lines] : null,
      error: run.error ?? null,
      odd: vote.odd[index] ?? false,
      matchesExpect: run.expectation === undefined ? null : run.expectation.equal,
      matchesNodeCrypto: run.verification === undefined ? null : run.verification.equal,
    })),
  };
}
