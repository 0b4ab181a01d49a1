import { describe, expect, it } from "vitest";
import type { GraphNode, GraphState } from "@/lib/graph";
import type { Status } from "@/lib/model";
import { readyView, startupView } from "@/lib/api/startup-view";
import { StartupWatch } from "@/lib/runtime/startup";

// web → api → db, web ⇢ cache (optional)
const nodes: GraphNode[] = [
  { id: "db", dependsOn: [] },
  { id: "cache", dependsOn: [] },
  { id: "api", dependsOn: [{ id: "db", optional: false }] },
  { id: "web", dependsOn: [{ id: "api", optional: false }, { id: "cache", optional: true }] },
];

const states = (s: Record<string, Status>) => new Map<string, GraphState>(Object.entries(s).map(([id, status]) => [id, { status, blockedBy: [], waitingFor: [] }]));

describe("readyView", () => {
  it.each([
    { name: "all required up", s: { db: "up", api: "degraded", cache: "down", web: "down" }, ready: true, waiting: [] },
    { name: "a deep dependency down", s: { db: "down", api: "blocked", cache: "up", web: "pending" }, ready: false, waiting: ["db", "api"] },
    { name: "a direct dependency starting", s: { db: "up", api: "starting", cache: "up", web: "up" }, ready: false, waiting: ["api"] },
    { name: "nothing checked yet", s: {}, ready: false, waiting: ["db", "api"] },
  ] as { name: string; s: Record<string, Status>; ready: boolean; waiting: string[] }[])("web with $name", ({ s, ready, waiting }) => {
    const v = readyView(nodes, states(s), "web")!;
    expect(v.ready).toBe(ready);
    expect(v.dependencies.map((d) => d.id)).toEqual(["db", "api"]);
    expect(v.ready ? [] : (v as { waitingFor: { id: string }[] }).waitingFor.map((d) => d.id)).toEqual(waiting);
  });

  it("is undefined for an unknown id", () => {
    expect(readyView(nodes, states({}), "nope")).toBeUndefined();
  });
});

describe("StartupWatch", () => {
  it("times each service's start-up from the statuses it is fed", () => {
    const w = new StartupWatch(nodes, 1_000);
    w.observe(states({ db: "down", api: "blocked", cache: "up", web: "blocked" }), 1_500);
    w.observe(states({ db: "up", api: "blocked", cache: "up", web: "blocked" }), 3_000);
    w.observe(states({ db: "up", api: "up", cache: "up", web: "blocked" }), 3_200);
    w.observe(states({ db: "up", api: "up", cache: "up", web: "up" }), 3_500);
    const v = startupView(w, 4_000);
    const api = v.services.find((s) => s.id === "api")!;
    expect(api).toMatchObject({ status: "up", wave: 1, waitedOn: "db", waitedMs: 2_000, readyAt: new Date(3_200).toISOString() });
    expect(v.criticalPath).toEqual(["db", "api", "web"]);
    expect(v.complete).toBe(true);
    expect(v.order).toEqual([["cache", "db"], ["api"], ["web"]]);
  });

  it("only the named service is read when `only` is given", () => {
    const w = new StartupWatch(nodes, 0);
    w.observe(states({ db: "up", api: "up" }), 100, "db");
    const v = startupView(w, 200);
    expect(v.services.find((s) => s.id === "db")!.readyAt).not.toBeNull();
    expect(v.services.find((s) => s.id === "api")!.readyAt).toBeNull();
  });

  it("caches the timeline until a status changes", () => {
    const w = new StartupWatch(nodes, 0);
    w.observe(states({ db: "up" }), 100);
    const first = w.timeline();
    w.observe(states({ db: "up" }), 200);
    expect(w.timeline()).toBe(first);
    w.observe(states({ db: "down" }), 300);
    expect(w.timeline()).not.toBe(first);
  });

  it("follows a reload: removed services go, new ones start at the reload", () => {
    const w = new StartupWatch(nodes, 0);
    w.observe(states({ db: "up", api: "up" }), 100);
    const next: GraphNode[] = [...nodes.filter((n) => n.id !== "cache"), { id: "queue", dependsOn: [{ id: "db", optional: false }] }];
    w.reconfigure(next, 5_000);
    const v = startupView(w, 6_000);
    expect(v.services.map((s) => s.id)).not.toContain("cache");
    expect(v.services.find((s) => s.id === "queue")).toMatchObject({ startedAt: new Date(5_000).toISOString(), readyAt: null, status: "pending" });
    expect(v.services.find((s) => s.id === "db")!.readyAt).toBe(new Date(100).toISOString());
  });
});
