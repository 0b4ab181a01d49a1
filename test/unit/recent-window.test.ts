import { describe, expect, it } from "vitest";
import type { AttemptRecord, CheckRecord } from "@/lib/model";
import { RecentWindow } from "@/lib/runtime/recent";

const MIN = 60_000;
const T0 = Date.parse("2030-06-01T12:00:00Z");
const attempt = (outcome: AttemptRecord["outcome"]) => ({ outcome }) as AttemptRecord;
const check = (serviceId: string, startedAt: number, passed: boolean, outcomes: AttemptRecord["outcome"][]): CheckRecord => ({ id: 0, serviceId, startedAt, durationMs: 1, trigger: "schedule", passed, attempts: outcomes.map(attempt) });

describe("RecentWindow", () => {
  it.each([
    ["one passing check", [check("a", T0, true, ["ok"])], T0, { checks: 1, failed: 0, retries: 0, timeouts: 0 }],
    ["retries and timeouts", [check("a", T0, false, ["timeout", "timeout", "refused"])], T0 + MIN, { checks: 1, failed: 1, retries: 2, timeouts: 2 }],
    ["checks spread over the hour", Array.from({ length: 120 }, (_, i) => check("a", T0 + i * 30_000, i % 3 !== 0, ["ok"])), T0 + 59 * MIN + 59_000, { checks: 120, failed: 40, retries: 0, timeouts: 0 }],
    ["a minute that aged out", [check("a", T0, false, ["timeout"]), check("a", T0 + 30 * MIN, true, ["ok"])], T0 + 60 * MIN, { checks: 1, failed: 0, retries: 0, timeouts: 0 }],
    ["a bucket reused an hour later", [check("a", T0, false, ["timeout"]), check("a", T0 + 60 * MIN, true, ["ok"])], T0 + 60 * MIN, { checks: 1, failed: 0, retries: 0, timeouts: 0 }],
    ["another service's checks", [check("b", T0, false, ["timeout"])], T0, { checks: 0, failed: 0, retries: 0, timeouts: 0 }],
  ])("%s", (_name, checks, now, expected) => {
    const w = new RecentWindow();
    for (const c of checks) w.add(c);
    expect(w.get("a", now)).toEqual(expected);
  });

  it("adds seeded totals to the minute they belong to, and forgets a removed service", () => {
    const w = new RecentWindow();
    w.seed("a", T0, { checks: 10, failed: 2, retries: 3, timeouts: 1 });
    w.add(check("a", T0 + 1_000, false, ["timeout", "ok"]));
    expect(w.get("a", T0 + MIN)).toEqual({ checks: 11, failed: 3, retries: 4, timeouts: 2 });
    w.delete("a");
    expect(w.get("a", T0 + MIN).checks).toBe(0);
  });
});
