import { describe, expect, it } from "vitest";
import { startupTimeline, StartupTracker, type StartupEvent } from "@/lib/graph";
import { graph } from "./graph-fixtures";

const diamond = graph({ web: ["a", "b"], a: ["db"], b: ["db"], db: [] });
const ev = (spec: Record<string, readonly (number | null)[] | undefined>) =>
  new Map(Object.entries(spec).map(([id, times]): [string, StartupEvent] => [id, { startedAt: times?.[0] ?? 0, readyAt: times?.[1] ?? null }]));
const pick = (t: ReturnType<typeof startupTimeline>) =>
  Object.fromEntries(t.services.map((s) => [s.id, [s.readyAt, s.gateOpenAt, s.waitedMs, s.waitedOn, s.waitingFor]]));

describe("startupTimeline", () => {
  it("diamond with known times: waits, gates and the critical path", () => {
    const t = startupTimeline(diamond, ev({ db: [0, 10], a: [0, 15], b: [0, 30], web: [0, 40] }), 0);
    expect(pick(t)).toEqual({
      db: [10, 10, 0, null, []],
      a: [15, 15, 10, "db", []],
      b: [30, 30, 10, "db", []],
      web: [40, 40, 30, "b", []],
    });
    expect(t.services.map((s) => s.id)).toEqual(["db", "a", "b", "web"]);
    expect(t).toMatchObject({ lastReady: "web", totalMs: 40, complete: true, criticalPath: ["db", "b", "web"] });
  });

  it.each([
    {
      name: "not ready yet: waiting for its not-ready required dependencies",
      nodes: diamond,
      events: { db: [0, 10], a: [0, 15], b: [0, null], web: [0, null] },
      // While start-up goes on, the path leads to what it waits for, over required edges only.
      want: { lastReady: "a", criticalPath: ["db", "b", "web"], complete: false, totalMs: null },
      entry: ["web", [null, null, null, null, ["b"]]],
    },
    {
      name: "passing before its dependency: its gate opens with the dependency",
      nodes: graph({ api: ["db"], db: [] }),
      events: { db: [0, 10], api: [0, 1] },
      want: { lastReady: "api", criticalPath: ["db", "api"], complete: true, totalMs: 10 },
      entry: ["api", [1, 10, 10, "db", []]],
    },
    {
      name: "started after its dependency was ready: no wait",
      nodes: graph({ api: ["db"], db: [] }),
      events: { db: [0, 10], api: [50, 60] },
      want: { lastReady: "api", criticalPath: ["api"], complete: true, totalMs: 10 },
      entry: ["api", [60, 60, 0, null, []]],
    },
    {
      name: "optional dependencies are not waited on",
      nodes: graph({ api: ["?cache"], cache: [] }),
      events: { cache: [0, 100], api: [0, 5] },
      want: { lastReady: "cache", criticalPath: ["cache"], complete: true, totalMs: 100 },
      entry: ["api", [5, 5, 0, null, []]],
    },
    {
      name: "transitive waits: a ready middle service over a missing one",
      nodes: graph({ web: ["api"], api: ["db"], db: [] }),
      events: { api: [0, 3], web: [0, 4] },
      want: { lastReady: null, criticalPath: ["db", "api", "web"], complete: false, totalMs: null },
      entry: ["web", [4, null, null, null, ["db"]]],
    },
  ])("$name", ({ nodes, events, want, entry }) => {
    const t = startupTimeline(nodes, ev(events), 0);
    expect(t).toMatchObject(want);
    expect(pick(t)[entry[0] as string]).toEqual(entry[1]);
  });
});

describe("StartupTracker", () => {
  const nodes = graph({ web: ["api"], api: ["db"], db: [], admin: ["?db"] });

  it("times the first start-up from the origin", () => {
    const tr = new StartupTracker(nodes, 1000);
    for (const [id, status, at] of [["db", "starting", 1005], ["db", "up", 1010], ["admin", "up", 1011], ["api", "degraded", 1012], ["web", "up", 1020], ["web", "up", 1030]] as const) tr.observe(id, status, at);
    const t = tr.timeline();
    expect(t).toMatchObject({ lastReady: "web", criticalPath: ["db", "api", "web"], totalMs: 20, complete: true });
    expect(tr.events().get("web")).toEqual({ startedAt: 1000, readyAt: 1020 });
  });

  it("restarts a recovered service and its required dependents from the outage", () => {
    const tr = new StartupTracker(nodes, 0);
    for (const id of ["db", "api", "web", "admin"]) tr.observe(id, "up", 10);
    tr.observe("db", "down", 100);
    tr.observe("api", "blocked", 101);
    let t = tr.timeline();
    expect(t.complete).toBe(false);
    expect(t.services.find((s) => s.id === "web")).toMatchObject({ readyAt: 10, gateOpenAt: null, waitingFor: ["db", "api"] });

    tr.observe("db", "up", 130);
    tr.observe("api", "up", 135);
    expect(Object.fromEntries(tr.events())).toEqual({
      db: { startedAt: 100, readyAt: 130 },
      api: { startedAt: 100, readyAt: 135 },
      web: { startedAt: 100, readyAt: 130 }, // stayed up: ready again when its dependency was
      admin: { startedAt: 0, readyAt: 10 }, // optional dependent: untouched
    });
    t = tr.timeline();
    expect(t).toMatchObject({ lastReady: "web", criticalPath: ["db", "api", "web"], totalMs: 35, complete: true });
    expect(t.services.find((s) => s.id === "api")).toMatchObject({ waitedMs: 30, waitedOn: "db" });
  });

  it("keeps known services on reconfigure and starts new ones at that time", () => {
    const tr = new StartupTracker(graph({ db: [] }), 0);
    tr.observe("db", "up", 5);
    tr.reconfigure(graph({ db: [], api: ["db"] }), 50);
    tr.observe("api", "up", 60);
    tr.observe("gone", "up", 61);
    expect(Object.fromEntries(tr.events())).toEqual({ db: { startedAt: 0, readyAt: 5 }, api: { startedAt: 50, readyAt: 60 } });
    expect(tr.timeline().services.find((s) => s.id === "api")).toMatchObject({ waitedMs: 0, waitedOn: null });
  });
});

describe("critical path during start-up", () => {
  it("never runs through an optional dependency that became ready last", () => {
    // The demo's shape: the database still starting, the cache (optional to the API) ready late.
    const nodes = graph({ api: ["db", "?cache"], db: [], cache: [] });
    const t = startupTimeline(nodes, ev({ db: [0, null], cache: [0, 50], api: [0, null] }), 0);
    expect(t.lastReady).toBe("cache");
    expect(t.criticalPath).toEqual(["db", "api"]);
  });
});

describe("critical path with only an optional service not ready", () => {
  it("ends at the last ready service: nothing requires the one still missing", () => {
    const nodes = graph({ web: ["api", "?cache"], api: ["db"], db: [], cache: [] });
    const t = startupTimeline(nodes, ev({ db: [0, 10], api: [0, 20], web: [0, 30], cache: [0, null] }), 0);
    expect(t.complete).toBe(false);
    expect(t.criticalPath).toEqual(["db", "api", "web"]);
  });
});
