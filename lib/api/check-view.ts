import type { AttemptItem, CheckItem } from "@/lib/api/shapes";
import type { AttemptRecord, CheckRecord } from "@/lib/model";

function attemptItem(a: AttemptRecord, scrub: (text: string) => string): AttemptItem {
  const out: AttemptItem = { n: a.n, startedAt: new Date(a.startedAt).toISOString(), durationMs: a.durationMs, outcome: a.outcome };
  if (a.phase) out.phase = a.phase;
  // Messages were scrubbed before storage; scrubbing again covers secrets added to the config since.
  if (a.message) out.message = scrub(a.message);
  if (a.backoffMs !== undefined) out.backoffMs = a.backoffMs;
  return out;
}

/** Shapes a stored check for the API: ISO times, optional fields only when present. */
export function checkItem(c: CheckRecord, scrub: (text: string) => string = (t) => t): CheckItem {
  return {
    id: c.id,
    startedAt: new Date(c.startedAt).toISOString(),
    durationMs: c.durationMs,
    trigger: c.trigger,
    passed: c.passed,
    attempts: c.attempts.map((a) => attemptItem(a, scrub)),
  };
}
