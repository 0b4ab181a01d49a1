import { describe, expect, it } from "vitest";
import { DEFAULT_TIMING, type Timing } from "@/lib/config/schema";
import type { AttemptRecord, BaseStatus } from "@/lib/model";
import { applyCheck, initialCounters } from "@/lib/scheduler/status";

// p = passed clean, s = passed slow (over degradedAfter), r = passed after a retry, f = failed
type Step = "p" | "s" | "r" | "f";

function check(step: Step, at: number) {
  const a = (outcome: AttemptRecord["outcome"], durationMs: number): AttemptRecord => ({ n: 1, startedAt: at, durationMs, outcome });
  const attempts = step === "p" ? [a("ok", 10)] : step === "s" ? [a("ok", 1_500)] : step === "r" ? [a("timeout", 10), { ...a("ok", 10), n: 2 }] : [a("refused", 1)];
  return { passed: step !== "f", attempts, startedAt: at };
}

function statuses(steps: Step[], timing: Partial<Timing> = {}, start = 0): BaseStatus[] {
  const t = { ...DEFAULT_TIMING, ...timing };
  let c = initialCounters(start);
  return steps.map((step, i) => {
    c = applyCheck(c, check(step, start + i * 10_000), t, start);
    return c.status;
  });
}

describe("status from checks and thresholds (SPEC §2)", () => {
  it.each<[string, Step[], Partial<Timing>, BaseStatus[]]>([
    ["clean passes are up", ["p", "p"], {}, ["up", "up"]],
    ["a pass after a retry is degraded", ["r"], {}, ["degraded"]],
    ["a slow pass is degraded", ["s", "p"], {}, ["degraded", "up"]],
    ["down only after failureThreshold failures", ["f", "f", "f"], {}, ["starting", "starting", "down"]],
    ["failures below the threshold keep up", ["p", "f", "f", "p"], {}, ["up", "up", "up", "up"]],
    ["the threshold counts consecutive failures", ["p", "f", "f", "p", "f", "f", "f"], {}, ["up", "up", "up", "up", "up", "up", "down"]],
    ["successThreshold before up again", ["f", "f", "f", "p", "p"], { successThreshold: 2 }, ["starting", "starting", "down", "down", "up"]],
    ["successThreshold with a retry in the streak is degraded", ["f", "f", "f", "r", "p"], { successThreshold: 2 }, ["starting", "starting", "down", "down", "degraded"]],
    ["failureThreshold 1", ["f"], { failureThreshold: 1 }, ["down"]],
    ["failures in the start period are starting and do not count", ["f", "f", "f", "f", "f"], { startPeriod: 25_000 }, ["starting", "starting", "starting", "starting", "starting"]],
    ["after the start period failures count", ["f", "f", "f", "f", "f", "f"], { startPeriod: 25_000 }, ["starting", "starting", "starting", "starting", "starting", "down"]],
  ])("%s", (_name, steps, timing, expected) => expect(statuses(steps, timing)).toEqual(expected));

  it("records when the status last changed", () => {
    const t = DEFAULT_TIMING;
    let c = initialCounters(0);
    c = applyCheck(c, check("p", 5_000), t, 0);
    expect(c.since).toBe(5_000);
    c = applyCheck(c, check("p", 15_000), t, 0);
    expect(c.since).toBe(5_000);
  });
});
