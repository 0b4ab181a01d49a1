import { describe, expect, it } from "vitest";
import { arrange } from "@/components/overview/arrange";
import type { ServiceView } from "@/lib/api/shapes";

const svc = (id: string, name: string, group: string, status: ServiceView["status"] = "up"): ServiceView => ({
  id, name, group, type: "http", target: "t", status, blockedBy: [], waitingFor: [], failures: { count: 0, threshold: 3 }, since: "2025-01-01T00:00:00.000Z", lastCheck: null, dependsOn: [],
  recent: { checks: 0, failed: 0, retries: 0, timeouts: 0 },
});
const ids = (groups: ReturnType<typeof arrange>) => groups.map(([g, list]) => [g, list.map((s) => s.id)]);

describe("arrange (overview groups, sorted by name the way people count)", () => {
  const fleet = [svc("c", "svc 10", "app"), svc("a", "svc 9", "app"), svc("d", "Db", "data"), svc("b", "svc 9", "app"), svc("e", "api", "app")];

  it("groups in first-seen order and sorts each by name, then id", () => {
    expect(ids(arrange(fleet, "", new Set()))).toEqual([["app", ["e", "a", "b", "c"]], ["data", ["d"]]]);
  });

  it("keeps the order when only statuses change, and follows a rename", () => {
    const moved = fleet.map((s) => (s.id === "a" ? { ...s, status: "down" as const } : s));
    expect(ids(arrange(moved, "", new Set()))).toEqual([["app", ["e", "a", "b", "c"]], ["data", ["d"]]]);
    const renamed = fleet.map((s) => (s.id === "c" ? { ...s, name: "svc 1" } : s));
    expect(ids(arrange(renamed, "", new Set()))).toEqual([["app", ["e", "c", "a", "b"]], ["data", ["d"]]]);
  });

  it("filters by search text and status", () => {
    expect(ids(arrange(fleet, "SVC 9", new Set()))).toEqual([["app", ["a", "b"]]]);
    const mixed = fleet.map((s) => (s.id === "d" ? { ...s, status: "down" as const } : s));
    expect(ids(arrange(mixed, "", new Set(["down"])))).toEqual([["data", ["d"]]]);
  });
});
