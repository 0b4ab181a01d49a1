import { describe, expect, it } from "vitest";
import { applyBlocked, GraphStatuses, graphErrors, readiness, transitiveDependents, transitiveRequired, waves, type BaseState, type GraphNode } from "@/lib/graph";
import type { Status } from "@/lib/model";
import { prng, randomDag } from "./graph-fixtures";

/** Required closure by plain DFS, the slow obvious way, to check the memoised one against. */
function naiveClosure(byId: Map<string, GraphNode>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    for (const d of byId.get(stack.pop()!)!.dependsOn) {
      if (d.optional || seen.has(d.id)) continue;
      seen.add(d.id);
      stack.push(d.id);
    }
  }
  return seen;
}

describe.each([1, 2, 3])("random 1,000-node DAG (seed %i)", (seed) => {
  const nodes = randomDag(1000, seed);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const naive = new Map(nodes.map((n) => [n.id, naiveClosure(byId, n.id)]));
  const closureOf = (id: string) => naive.get(id)!;
  const rnd = prng(seed * 7919);
  const statuses: BaseState["status"][] = ["up", "up", "up", "degraded", "down", "starting", "pending"];
  const base = new Map(nodes.map((n): [string, BaseState] => {
    const status = statuses[Math.floor(rnd() * statuses.length)]!;
    return [n.id, { status, failing: status === "down" || status === "starting" || rnd() < 0.1 }];
  }));

  it("is valid, and its waves hold every node once and respect every edge", () => {
    expect(graphErrors(nodes)).toEqual([]);
    const w = waves(nodes);
    const waveOf = new Map(w.flatMap((ids, i) => ids.map((id) => [id, i] as const)));
    expect(w.flat()).toHaveLength(1000);
    expect(waveOf.size).toBe(1000);
    for (const n of nodes) {
      for (const d of n.dependsOn) expect(waveOf.get(d.id)!).toBeLessThan(waveOf.get(n.id)!);
      // Tight: a node sits right after its latest dependency, not later.
      const latest = Math.max(-1, ...n.dependsOn.map((d) => waveOf.get(d.id)!));
      expect(waveOf.get(n.id)).toBe(latest + 1);
    }
    for (const ids of w) expect(ids).toEqual([...ids].sort());
  });

  it("memoised required closures match a plain DFS", () => {
    const closure = transitiveRequired(nodes);
    for (const n of nodes) expect(new Set(closure.get(n.id))).toEqual(closureOf(n.id));
  });

  /** SPEC §2 read literally over whole closures, in start-up order: the slow oracle for applyBlocked. */
  function oracle(base: ReadonlyMap<string, BaseState>): Map<string, { status: Status; blockedBy: string[]; waitingFor: string[] }> {
    const out = new Map<string, { status: Status; blockedBy: string[]; waitingFor: string[] }>();
    const notReady = (id: string) => ["pending", "starting", "waiting"].includes(out.get(id)!.status);
    for (const id of waves(nodes).flat()) {
      const b = base.get(id)!;
      const closure = [...closureOf(id)];
      const roots = closure.filter((d) => out.get(d)!.status === "down").sort();
      const waiting = closure.filter(notReady);
      const deepest = waiting.filter((d) => out.get(d)!.status !== "waiting" && ![...closureOf(d)].some(notReady)).sort();
      const failing = b.failing || b.status === "down" || b.status === "starting";
      if (failing && roots.length > 0) out.set(id, { status: "blocked", blockedBy: roots, waitingFor: [] });
      else if ((failing || b.status === "pending") && roots.length === 0 && waiting.length > 0) out.set(id, { status: "waiting", blockedBy: [], waitingFor: deepest });
      else out.set(id, { status: b.status, blockedBy: [], waitingFor: [] });
    }
    return out;
  }

  it.each([
    { name: "an outage", weights: ["up", "up", "up", "degraded", "down", "starting", "pending"] as const, want: ["blocked", "down", "waiting"] },
    { name: "a start-up (nothing down yet)", weights: ["up", "up", "up", "up", "up", "up", "degraded", "starting", "pending"] as const, want: ["waiting", "starting"] },
  ])("blocked and waiting match the definition during $name", ({ weights, want }) => {
    const rnd2 = prng(seed * 104729);
    const sample = new Map(nodes.map((n): [string, BaseState] => {
      const status = weights[Math.floor(rnd2() * weights.length)]!;
      return [n.id, { status, failing: status === "down" || status === "starting" || rnd2() < 0.1 }];
    }));
    const got = applyBlocked(nodes, sample);
    expect(got).toEqual(oracle(sample));
    // The random statuses must exercise every derived outcome named, or this test proves nothing.
    const counts = [...got.values()].map((s) => s.status);
    for (const s of want) expect(counts.filter((x) => x === s).length, s).toBeGreaterThan(5);
  });

  it("blocked propagation matches the definition", () => {
    const got = applyBlocked(nodes, base);
    expect(got).toEqual(oracle(base));
    expect([...got.values()].filter((s) => s.status === "blocked").length).toBeGreaterThan(50);
  });

  it("incremental updates match a full pass, and report exactly the services that moved", () => {
    const rnd3 = prng(seed * 31337);
    const statuses: BaseState["status"][] = ["up", "up", "degraded", "down", "starting", "pending"];
    const current = new Map(base);
    const live = new GraphStatuses(nodes, (id) => current.get(id));
    for (let round = 0; round < 200; round++) {
      const before = new Map(live.states);
      const changed = Array.from({ length: 1 + Math.floor(rnd3() * 3) }, () => nodes[Math.floor(rnd3() * nodes.length)]!.id);
      for (const id of changed) {
        const status = statuses[Math.floor(rnd3() * statuses.length)]!;
        current.set(id, { status, failing: status === "down" || status === "starting" || rnd3() < 0.3 });
      }
      const moved = live.update(changed);
      const full = applyBlocked(nodes, current);
      expect(new Map(live.states)).toEqual(full);
      const diff = [...full].filter(([id, s]) => JSON.stringify(s) !== JSON.stringify(before.get(id))).map(([id]) => id);
      expect(new Set(moved)).toEqual(new Set(diff));
    }
  });

  it("readiness and downstream agree with the closures", () => {
    const status = new Map<string, Status>([...applyBlocked(nodes, base)].map(([id, s]) => [id, s.status]));
    for (const n of nodes.slice(0, 100)) {
      const r = readiness(nodes, status, n.id)!;
      const notReady = [...closureOf(n.id)].filter((d) => !["up", "degraded"].includes(status.get(d)!));
      expect(r.waitingFor.map((x) => x.id).sort()).toEqual(notReady.sort());
      expect(r.ready).toBe(notReady.length === 0);
      const downstream = nodes.filter((m) => closureOf(m.id).has(n.id)).map((m) => m.id);
      expect(transitiveDependents(nodes, n.id, { requiredOnly: true }).sort()).toEqual(downstream.sort());
    }
  });
});
