import { describe, expect, it } from "vitest";
import { formatDuration, formatWhen } from "@/components/format";
import { compareNames } from "@/components/names";
import { overviewTitle } from "@/components/overview/title";
import { foldRuns } from "@/components/service/check-groups";
import type { CheckItem } from "@/lib/api/shapes";
import type { Status } from "@/lib/model";

describe("formatDuration", () => {
  it.each([
    [500, "500 ms"],
    [1000, "1 s"],
    [1500, "1.5 s"],
    [5000, "5 s"],
    [60_000, "1 min"],
    [90_000, "1 min 30 s"],
    [3_600_000, "1 h"],
    [5_400_000, "1 h 30 min"],
  ])("%i ms reads %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("formatWhen", () => {
  const at = "2026-01-01T00:00:00.000Z";
  it.each([
    [Date.parse(at) + 4_000, undefined, "4 s ago"],
    [Date.parse(at) + 4 * 60_000, undefined, "4 min ago"],
    [Date.now(), Date.parse(at) + 4_000, "4 s before the snapshot"],
  ])("now %i, snapshot %s reads %s", (now, snapshotAt, text) => expect(formatWhen(at, now, snapshotAt)).toBe(text));
});

describe("compareNames", () => {
  it("sorts numbers inside names by value, case-insensitively", () => {
    expect(["service 94", "Service 10", "service 9", "api"].sort(compareNames)).toEqual(["api", "service 9", "Service 10", "service 94"]);
  });
});

describe("overviewTitle", () => {
  const of = (...statuses: Status[]) => statuses.map((status) => ({ status }));
  it.each([
    [of("up", "up"), "All 2 services up · depwatch"],
    [of("up", "down", "blocked", "blocked"), "1 down, 2 blocked · 4 services · depwatch"],
    [of("up", "pending"), "2 services · depwatch"],
    [of("degraded"), "1 degraded · 1 service · depwatch"],
  ])("%j reads %s", (services, title) => expect(overviewTitle(services)).toBe(title));
});

describe("foldRuns", () => {
  const check = (id: number, passed: boolean, outcomes: CheckItem["attempts"][number]["outcome"][], message?: string): CheckItem => ({
    id,
    startedAt: new Date(id * 1000).toISOString(),
    durationMs: 10,
    trigger: "schedule",
    passed,
    attempts: outcomes.map((outcome, i) => ({ n: i + 1, startedAt: new Date(id * 1000).toISOString(), durationMs: 5, outcome, ...(message ? { message } : {}) })),
  });
  const fail = (id: number, message = "no answer within 1 s") => check(id, false, ["timeout", "timeout", "timeout"], message);

  it("folds a run of three or more look-alike checks behind its newest", () => {
    const runs = foldRuns([fail(9), fail(8), fail(7), fail(6), check(5, true, ["ok"]), fail(4), fail(3)]);
    expect(runs.map((r) => [r.first.id, r.rest.map((c) => c.id)])).toEqual([[9, [8, 7, 6]], [5, []], [4, []], [3, []]]);
  });

  it.each([
    ["a different message", fail(7, "connection reset")],
    ["a different attempt outcome", check(7, false, ["timeout", "timeout", "refused"], "no answer within 1 s")],
    ["a pass", check(7, true, ["timeout", "timeout", "ok"], "no answer within 1 s")],
  ])("does not fold across %s", (_, odd) => {
    expect(foldRuns([fail(9), fail(8), odd, fail(6), fail(5)]).map((r) => r.rest.length)).toEqual([0, 0, 0, 0, 0]);
  });
});
