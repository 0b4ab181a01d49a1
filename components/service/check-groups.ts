import type { CheckItem } from "@/lib/api/shapes";
import type { Outcome } from "@/lib/model";

/** How the empty timeline names an outcome filter: "No checks with a timed-out attempt". */
export const OUTCOME_PHRASE: Record<Outcome, string> = {
  ok: "a passing attempt",
  timeout: "a timed-out attempt",
  refused: "a refused connection",
  dns: "a DNS failure",
  tls: "a TLS failure",
  auth: "an authentication failure",
  status: "an unexpected HTTP status",
  assertion: "a failed assertion",
  error: "an error",
};

/** A run of consecutive checks that read the same: same verdict, attempt outcomes and last message. */
export interface CheckRun {
  first: CheckItem;
  rest: CheckItem[];
}

function sameness(c: CheckItem): string {
  const last = c.attempts[c.attempts.length - 1];
  return JSON.stringify([c.passed, c.attempts.map((a) => a.outcome), last?.message ?? null]);
}

/**
 * Folds runs of `min` or more look-alike checks into one entry, so 21 identical failures are one
 * line with the rest behind a disclosure; shorter runs stay as they are.
 */
export function foldRuns(checks: readonly CheckItem[], min = 3): CheckRun[] {
  const out: CheckRun[] = [];
  let i = 0;
  while (i < checks.length) {
    const first = checks[i]!;
    const key = sameness(first);
    let j = i + 1;
    while (j < checks.length && sameness(checks[j]!) === key) j++;
    if (j - i >= min) out.push({ first, rest: checks.slice(i + 1, j) });
    else for (let k = i; k < j; k++) out.push({ first: checks[k]!, rest: [] });
    i = j;
  }
  return out;
}
