import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_TIMING } from "@/lib/config/schema";
import { backoffMs } from "@/lib/scheduler/backoff";
import { runAttempt, runCheck } from "@/lib/scheduler/run-check";
import { scriptedType, type Step } from "@/test/fixtures/scripted";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});
afterEach(() => vi.useRealTimers());

const timing = { ...DEFAULT_TIMING, timeout: 1_000, retries: 2, backoff: { initial: 200, factor: 2, max: 2_000, jitter: 0 } };

async function run(steps: Step[], over: Partial<typeof timing> = {}) {
  const promise = runCheck({ serviceId: "s", checkType: scriptedType({ s: steps }), config: { type: "scripted", key: "s" } as { type: string }, timing: { ...timing, ...over }, trigger: "schedule" });
  await vi.runAllTimersAsync();
  return promise;
}

describe("backoff", () => {
  it.each([
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_600],
    [5, 2_000],
    [9, 2_000],
  ])("after attempt %d waits %d ms without jitter", (n, ms) => expect(backoffMs(n, { initial: 200, factor: 2, max: 2_000, jitter: 0 })).toBe(ms));

  it.each([0, 0.5, 0.999])("jitter 0.2 stays within ±20%% (random %d)", (r) => {
    const ms = backoffMs(2, { initial: 200, factor: 2, max: 2_000, jitter: 0.2 }, () => r);
    expect(ms).toBeGreaterThanOrEqual(320);
    expect(ms).toBeLessThanOrEqual(480);
  });
});

describe("runCheck", () => {
  it("passes on the first attempt without retries", async () => {
    const c = await run([{ outcome: "ok", delayMs: 30 }]);
    expect(c.passed).toBe(true);
    expect(c.attempts).toEqual([{ n: 1, startedAt: 1_700_000_000_000, durationMs: 30, outcome: "ok", message: "ok" }]);
  });

  it("retries with exponential backoff and records each attempt", async () => {
    const c = await run([{ outcome: "refused" }, { outcome: "timeout", delayMs: 50 }, { outcome: "ok", delayMs: 10 }]);
    expect(c.passed).toBe(true);
    expect(c.attempts.map((a) => [a.n, a.outcome, a.backoffMs, a.startedAt - c.startedAt])).toEqual([
      [1, "refused", 200, 0],
      [2, "timeout", 400, 200],
      [3, "ok", undefined, 650],
    ]);
    expect(c.durationMs).toBe(660);
  });

  it("fails after 1 + retries attempts, with no backoff after the last", async () => {
    const c = await run([{ outcome: "status" }], { retries: 1 });
    expect(c.passed).toBe(false);
    expect(c.attempts).toHaveLength(2);
    expect(c.attempts[1]?.backoffMs).toBeUndefined();
  });

  it("bounds a probe that hangs and ignores its signal by the timeout", async () => {
    const c = await run(["hang"], { retries: 0, timeout: 500 });
    expect(c.attempts[0]?.outcome).toBe("timeout");
    expect(c.attempts[0]?.durationMs).toBeLessThanOrEqual(750);
    expect(c.attempts[0]?.message).toBe("no answer within 500ms");
  });

  it("aborts the attempt's signal when the timeout fires", async () => {
    const p = runAttempt(scriptedType({ s: [{ outcome: "ok", delayMs: 10_000 }] }), { type: "scripted", key: "s" } as { type: string }, 300);
    await vi.advanceTimersByTimeAsync(300);
    expect(await p).toMatchObject({ outcome: "timeout" });
  });

  it("scrubs secrets out of attempt messages", async () => {
    const promise = runCheck({ serviceId: "s", checkType: scriptedType({ s: [{ outcome: "auth" }] }), config: { type: "scripted", key: "s" } as { type: string }, timing: { ...timing, retries: 0 }, trigger: "manual", scrub: (t) => t.replace("auth", "***") });
    await vi.runAllTimersAsync();
    expect((await promise).attempts[0]?.message).toBe("***");
  });
});
