import { describe, expect, it } from "vitest";
import { applyBlocked, rootCauses, type BaseState } from "@/lib/graph";
import type { BaseStatus } from "@/lib/model";
import { graph } from "./graph-fixtures";

/** "down" | "up" … or "up!" for a service whose status holds but whose last check failed. */
function base(spec: Record<string, string>): Map<string, BaseState> {
  return new Map(Object.entries(spec).map(([id, s]) => {
    const status = s.replace("!", "") as BaseStatus;
    return [id, { status, failing: s.endsWith("!") || status === "down" || status === "starting" }];
  }));
}

// How each derived state of a dependency `dep` is made: `dep` has a dependency `r` of its own.
const DEP: Record<string, { dep: string; r: string }> = {
  pending: { dep: "pending", r: "up" },
  starting: { dep: "starting", r: "up" },
  waiting: { dep: "down", r: "starting" },
  down: { dep: "down", r: "up" },
  blocked: { dep: "down", r: "down" },
  up: { dep: "up", r: "up" },
  degraded: { dep: "degraded", r: "up" },
};

// Expected status of `x` (rows: x's own base status) for each derived state of its dependency.
// Columns:           pending    starting   waiting    down       blocked    up         degraded
const TABLE: Record<string, string[]> = {
  "pending":        ["waiting", "waiting", "waiting", "pending", "pending", "pending", "pending"],
  "starting":       ["waiting", "waiting", "waiting", "blocked", "blocked", "starting", "starting"],
  "down":           ["waiting", "waiting", "waiting", "blocked", "blocked", "down", "down"],
  "up!":            ["waiting", "waiting", "waiting", "blocked", "blocked", "up", "up"],
  "up":             ["up", "up", "up", "up", "up", "up", "up"],
  "degraded":       ["degraded", "degraded", "degraded", "degraded", "degraded", "degraded", "degraded"],
};
const COLUMNS = Object.keys(DEP);
const cases = Object.entries(TABLE).flatMap(([own, row]) => row.map((want, i) => ({ own, dep: COLUMNS[i]!, want })));

/** Who a blocked or waiting `x` should name, given the dependency's derived state. */
function named(dep: string, want: string): { blockedBy: string[]; waitingFor: string[] } {
  if (want === "blocked") return { blockedBy: [dep === "down" ? "dep" : "r"], waitingFor: [] };
  if (want === "waiting") return { blockedBy: [], waitingFor: [dep === "waiting" ? "r" : "dep"] };
  return { blockedBy: [], waitingFor: [] };
}

describe("blocked and waiting over every combination of dependency states", () => {
  it.each(cases)("chain r→dep→x: x $own with dep $dep is $want", ({ own, dep, want }) => {
    const got = applyBlocked(graph({ x: ["dep"], dep: ["r"], r: [] }), base({ r: DEP[dep]!.r, dep: DEP[dep]!.dep, x: own }));
    expect(got.get("dep")!.status).toBe(dep);
    expect(got.get("x")).toEqual({ status: want, ...named(dep, want) });
  });

  it.each(cases)("through an up middle service: x $own above a dep $dep is $want", ({ own, dep, want }) => {
    const got = applyBlocked(graph({ x: ["mid"], mid: ["dep"], dep: ["r"], r: [] }), base({ r: DEP[dep]!.r, dep: DEP[dep]!.dep, mid: "up", x: own }));
    expect(got.get("x")).toEqual({ status: want, ...named(dep, want) });
  });

  it.each(cases)("an optional dep $dep never changes x $own", ({ own, dep }) => {
    const got = applyBlocked(graph({ x: ["?dep"], dep: ["r"], r: [] }), base({ r: DEP[dep]!.r, dep: DEP[dep]!.dep, x: own }));
    expect(got.get("x")!.status).toBe(own.replace("!", ""));
  });

  it.each([
    { name: "down beats not ready: one branch down, the other starting", a: "down", b: "starting", want: ["blocked", ["a"], []] },
    { name: "two branches starting: waits for both", a: "starting", b: "pending", want: ["waiting", [], ["a", "b"]] },
    { name: "one branch ready, one starting", a: "up", b: "starting", want: ["waiting", [], ["b"]] },
    { name: "both ready: its own status", a: "up", b: "degraded", want: ["down", [], []] },
  ])("diamond a,b→x: $name", ({ a, b, want }) => {
    const got = applyBlocked(graph({ x: ["a", "b"], a: ["db"], b: ["db"], db: [] }), base({ db: "up", a, b, x: "down" }));
    const [status, blockedBy, waitingFor] = want;
    expect(got.get("x")).toEqual({ status, blockedBy, waitingFor });
  });

  it("a down service waiting on a starting database is no root cause; the database becomes one when down", () => {
    const nodes = graph({ web: ["api"], api: ["db"], db: [] });
    const starting = applyBlocked(nodes, base({ db: "starting", api: "down", web: "down" }));
    expect(rootCauses(starting)).toEqual([]);
    expect(starting.get("web")).toEqual({ status: "waiting", blockedBy: [], waitingFor: ["db"] });
    const down = applyBlocked(nodes, base({ db: "down", api: "down", web: "down" }));
    expect(rootCauses(down)).toEqual(["db"]);
  });
});
