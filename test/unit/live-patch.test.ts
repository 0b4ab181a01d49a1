import { describe, expect, it } from "vitest";
import { isServiceKey, patchStatus, sameJson, shareUnchanged, type LiveCheckEvent } from "@/components/hooks/live-patch";
import { sharedNameLookup } from "@/components/names";
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

describe("shareUnchanged (a refetched status keeps what did not change)", () => {
  const fetched = (): StatusView => JSON.parse(JSON.stringify(base)) as StatusView;

  it("is the previous status itself when nothing changed but the time", () => {
    expect(shareUnchanged(base, { ...fetched(), generatedAt: "2025-01-01T00:00:05.000Z" })).toBe(base);
  });

  it("keeps each unchanged service's object and takes the changed one", () => {
    const next = fetched();
    next.services[1] = { ...next.services[1]!, recent: { checks: 1, failed: 0, retries: 0, timeouts: 0 } };
    const out = shareUnchanged(base, next);
    expect(out).not.toBe(base);
    expect(out.services[0]).toBe(base.services[0]);
    expect(out.services[1]).toEqual(next.services[1]);
    // Its unchanged dependency list and the unchanged order stay the previous objects.
    expect(out.services[1]!.dependsOn).toBe(base.services[1]!.dependsOn);
    expect(out.order).toBe(base.order);
    expect(out).toEqual(next);
  });

  it.each([
    ["a service added", (n: StatusView) => n.services.push(svc("c", "up"))],
    ["a service removed", (n: StatusView) => n.services.pop()],
    ["services reordered", (n: StatusView) => n.services.reverse()],
    ["the order changed", (n: StatusView) => (n.order = [["a"], ["b"]])],
    ["a config error", (n: StatusView) => (n.configError = "bad")],
  ])("follows %s", (_name, change) => {
    const next = fetched();
    change(next);
    const out = shareUnchanged(base, next);
    expect(out).toEqual(next);
    for (const s of out.services) if (base.services.some((b) => b.id === s.id)) expect(s).toBe(base.services.find((b) => b.id === s.id));
  });

  it.each([
    [1, 1, true],
    [1, "1", false],
    [null, undefined, false],
    [[1, [2]], [1, [2]], true],
    [[1], [1, 2], false],
    [{ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: [] }, { a: {} }, false],
  ])("sameJson(%j, %j) is %s", (a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});

describe("sharedNameLookup", () => {
  it("stays the same function while the names do, and follows a rename", () => {
    const first = sharedNameLookup([{ id: "a", name: "Alpha" }]);
    expect(sharedNameLookup([{ id: "a", name: "Alpha" }])).toBe(first);
    const renamed = sharedNameLookup([{ id: "a", name: "Alfa" }]);
    expect(renamed).not.toBe(first);
    expect(renamed("a")).toBe("Alfa");
    expect(renamed("zz")).toBe("zz");
  });
});
