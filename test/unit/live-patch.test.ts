import { describe, expect, it } from "vitest";
import { isServiceKey, patchStatus, type LiveCheckEvent } from "@/components/hooks/live-patch";
import type { ServiceView, StatusView } from "@/lib/api/shapes";

const svc = (id: string, status: ServiceView["status"]): ServiceView => ({
  id, name: id, group: "g", type: "http", target: "t", status, blockedBy: [], waitingFor: [], failures: { count: 0, threshold: 3 }, since: "2025-01-01T00:00:00.000Z", lastCheck: null, dependsOn: [],
  recent: { checks: 0, failed: 0, retries: 0, timeouts: 0 },
});
const base: StatusView = { generatedAt: "2025-01-01T00:00:00.000Z", services: [svc("a", "up"), svc("b", "up")], order: [["a", "b"]] };
const event = (id: string, status: ServiceView["status"], passed: boolean): LiveCheckEvent => ({
  id, status, check: { id: 1, startedAt: "2025-01-01T00:01:00.000Z", durationMs: 12, trigger: "schedule", passed, attempts: 3, outcome: passed ? "ok" : "refused", message: passed ? null : "refused" },
});

describe("patchStatus", () => {
  it("patches the service in place and keeps the others' identity", () => {
    const out = patchStatus(base, [event("a", "down", false)])!;
    expect(out).not.toBe(base);
    expect(out.services[1]).toBe(base.services[1]);
    expect(out.services[0]).toMatchObject({ status: "down", since: "2025-01-01T00:01:00.000Z", lastCheck: { at: "2025-01-01T00:01:00.000Z", durationMs: 12, attempts: 3, outcome: "refused", passed: false } });
  });

  it("applies the newest event of a batch and keeps `since` when the status did not change", () => {
    const out = patchStatus(base, [event("b", "down", false), event("b", "up", true)])!;
    expect(out.services[1]).toMatchObject({ status: "up", since: base.services[1]!.since, lastCheck: { passed: true } });
  });

  it.each([
    ["no data yet", undefined, [event("a", "down", false)]],
    ["no events", base, []],
    ["an unknown service", base, [event("zzz", "down", false)]],
  ])("leaves the data alone for %s", (_name, data, events) => {
    expect(patchStatus(data, events)).toBe(data);
  });
});

describe("isServiceKey", () => {
  const ids = new Set(["api"]);
  it.each([
    ["/api/services/api", true],
    ["/api/services/api/checks?range=1h&limit=50", true],
    ["/api/services/api?x=1", true],
    ["/api/services/api-uploads", false],
    ["/api/services/api-uploads/checks", false],
    ["/api/status", false],
    [["/api/services/api"], false],
  ])("%j → %s", (key, expected) => {
    expect(isServiceKey(key, ids)).toBe(expected);
  });
});

describe("patchStatus with status events", () => {
  it("moves the dependents a check changed in the same batch, so no stale root cause remains", () => {
    const chain: StatusView = { ...base, services: [svc("root", "up"), svc("mid", "down"), svc("leaf", "blocked")] };
    const out = patchStatus(chain, [
      event("root", "down", false),
      { at: "2025-01-01T00:01:00.000Z", services: [{ id: "mid", status: "blocked", blockedBy: ["root"], waitingFor: [] }, { id: "leaf", status: "blocked", blockedBy: ["root"], waitingFor: [] }] },
    ])!;
    expect(out.services.map((s) => [s.id, s.status, s.blockedBy])).toEqual([["root", "down", []], ["mid", "blocked", ["root"]], ["leaf", "blocked", ["root"]]]);
    expect(out.services[1]!.since).toBe("2025-01-01T00:01:00.000Z");
  });

  it("sets waitingFor and clears blockedBy", () => {
    const start: StatusView = { ...base, services: [svc("db", "starting"), { ...svc("api", "blocked"), blockedBy: ["db"] }] };
    const out = patchStatus(start, [{ at: "2025-01-01T00:02:00.000Z", services: [{ id: "api", status: "waiting", blockedBy: [], waitingFor: ["db"] }] }])!;
    expect(out.services[1]).toMatchObject({ status: "waiting", blockedBy: [], waitingFor: ["db"] });
    expect(out.services[0]).toBe(start.services[0]);
  });
});
