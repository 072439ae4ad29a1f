/** Majority vote over the outcomes of the same work done several times (one per driver). */

export interface Vote {
  /** The outcome more runs gave than any other; undefined on a tie for first place. */
  readonly majority: string | undefined;
  /** Whether every run gave the same outcome. */
  readonly unanimous: boolean;
  /** Per run: whether it differs from the majority (every run, when there is none). */
  readonly odd: readonly boolean[];
}

export function majorityVote(outcomes: readonly string[]): Vote {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  const majority = first !== undefined && (second === undefined || first[1] > second[1]) ? first[0] : undefined;
  return {
    majority,
    unanimous: counts.size <= 1,
    odd: outcomes.map((outcome) => outcome !== majority),
  };
}
