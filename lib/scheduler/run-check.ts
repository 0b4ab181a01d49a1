import { setImmediate as afterPoll } from "node:timers";
import { classifyError } from "@/lib/checks/classify";
import type { CheckType } from "@/lib/checks/types";
import { escapeText } from "@/lib/checks/util";
import type { Timing } from "@/lib/config/schema";
import type { AttemptRecord, NewCheck, ProbeResult, Trigger } from "@/lib/model";
import { backoffMs } from "@/lib/scheduler/backoff";

/** What one check run needs; all passed in so tests can drive it. */
export interface RunCheckInput {
  serviceId: string;
  checkType: CheckType;
  config: { type: string };
  timing: Timing;
  trigger: Trigger;
  /** Aborts the whole check (shutdown): the attempt in flight is cut and no retry follows. */
  stop?: AbortSignal;
  /** Removes secrets from a message before it is recorded. */
  scrub?: (text: string) => string;
  random?: () => number;
}

/** Grace after the timeout for a probe that ignores its signal; the attempt is a timeout either way. */
const HARD_DEADLINE_GRACE_MS = 250;

function sleep(ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      stop?.removeEventListener("abort", done);
      resolve();
    }
    stop?.addEventListener("abort", done, { once: true });
  });
}

/** Runs one attempt bounded by the timeout; a probe that throws or hangs still yields a result. */
export async function runAttempt(checkType: CheckType, config: { type: string }, timeoutMs: number, stop?: AbortSignal): Promise<ProbeResult> {
  const controller = new AbortController();
  let hard: ReturnType<typeof setTimeout> | undefined;
  let giveUp!: (r: ProbeResult) => void;
  const deadline = new Promise<ProbeResult>((resolve) => (giveUp = resolve));
  // setTimeout rather than AbortSignal.timeout() so fake timers drive it in tests.
  // The abort waits for one poll of the event loop: an answer already in the socket when a busy
  // loop gets to the timer is read first, so load on the dashboard never turns it into a timeout.
  // A probe that ignores the abort is given up on a grace period later (armed only then: one
  // timer per attempt that ends in time).
  const timer = setTimeout(() => {
    hard = setTimeout(() => giveUp({ outcome: "timeout", message: `no answer within ${timeoutMs}ms` }), HARD_DEADLINE_GRACE_MS);
    afterPoll(() => controller.abort(new DOMException("attempt timed out", "TimeoutError")));
  }, timeoutMs);
  const onStop = () => controller.abort(new DOMException("check stopped", "AbortError"));
  stop?.addEventListener("abort", onStop, { once: true });
  try {
    const probe = checkType.probe(config, { signal: controller.signal, timeoutMs }).catch((err: unknown) => classifyError(err, controller.signal));
    const result = await Promise.race([probe, deadline]);
    if (result.outcome === "timeout" && result.message === "no answer within the timeout") result.message = `no answer within ${timeoutMs}ms`;
    return result;
  } finally {
    clearTimeout(timer);
    clearTimeout(hard);
    stop?.removeEventListener("abort", onStop);
  }
}

/** Runs a check: up to 1 + retries attempts with backoff between them; passes if one passes. */
export async function runCheck(input: RunCheckInput): Promise<NewCheck & { cut?: true }> {
  const { timing, stop } = input;
  const scrub = input.scrub ?? ((s: string) => s);
  const attempts: AttemptRecord[] = [];
  const startedAt = Date.now();
  let passed = false;
  for (let n = 1; n <= 1 + timing.retries; n++) {
    const attemptStart = Date.now();
    const r = await runAttempt(input.checkType, input.config, timing.timeout, stop);
    const attempt: AttemptRecord = { n, startedAt: attemptStart, durationMs: Date.now() - attemptStart, outcome: r.outcome };
    if (r.phase !== undefined && r.outcome !== "ok") attempt.phase = r.phase;
    // Messages are text: whatever bytes a target sent show escaped (README "Limits of one attempt").
    if (r.message !== undefined) attempt.message = escapeText(scrub(r.message)).slice(0, 500);
    attempts.push(attempt);
    if (r.outcome === "ok") {
      passed = true;
      break;
    }
    if (n <= timing.retries && !stop?.aborted) {
      attempt.backoffMs = backoffMs(n, timing.backoff, input.random);
      await sleep(attempt.backoffMs, stop);
    }
    if (stop?.aborted) break;
  }
  const check: NewCheck & { cut?: true } = { serviceId: input.serviceId, startedAt, durationMs: Date.now() - startedAt, trigger: input.trigger, passed, attempts };
  // A check cut short by shutdown says nothing about the target: the caller drops it.
  if (!passed && stop?.aborted) check.cut = true;
  return check;
}
