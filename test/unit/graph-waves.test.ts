import { describe, expect, it } from "vitest";
import { CycleError, dependents, graphErrors, topologicalOrder, transitiveDependents, transitiveRequired, waves } from "@/lib/graph";
import { graph } from "./graph-fixtures";

describe("graphErrors", () => {
  it.each([
    { name: "chain", spec: { web: ["api"], api: ["db"], db: [] }, messages: [] },
    { name: "diamond", spec: { web: ["a", "b"], a: ["db"], b: ["db"], db: [] }, messages: [] },
    { name: "optional edge", spec: { api: ["db", "?cache"], db: [], cache: [] }, messages: [] },
    { name: "self-dependency", spec: { api: ["api"] }, messages: ['service "api" depends on itself'] },
    { name: "unknown id", spec: { api: ["nope"] }, messages: ['unknown service "nope"'] },
    { name: "listed twice", spec: { api: ["db", "?db"], db: [] }, messages: ['"db" is listed twice'] },
  ])("$name", ({ spec, messages }) => {
    expect(graphErrors(graph(spec)).map((i) => i.message)).toEqual(messages);
  });

  it.each([
    { name: "cycle of three", spec: { a: ["b"], b: ["c"], c: ["a"] }, ids: ["a", "b", "c"] },
    { name: "cycle through an optional edge", spec: { a: ["b"], b: ["?c"], c: ["a"], d: ["a"] }, ids: ["a", "b", "c"] },
  ])("$name names every id of the cycle", ({ spec, ids }) => {
    const issues = graphErrors(graph(spec));
    expect(issues).toHaveLength(1);
    const msg = issues[0]!.message;
    expect(msg).toMatch(/^dependency cycle: /);
    for (const id of ids) expect(msg).toContain(id);
    expect(msg).not.toContain("d →");
  });

  it("reports a cycle and an unknown id in one run, at their config paths", () => {
    const issues = graphErrors(graph({ a: ["b"], b: ["a", "ghost"] }));
    expect(issues).toEqual(expect.arrayContaining([
      { path: ["services", 1, "dependsOn", 1], message: 'unknown service "ghost"' },
      { path: ["services", 0, "dependsOn"], message: "dependency cycle: a → b → a" },
    ]));
  });
});

describe("waves", () => {
  it.each([
    { name: "chain", spec: { web: ["api"], api: ["db"], db: [] }, want: [["db"], ["api"], ["web"]] },
    { name: "diamond", spec: { web: ["b", "a"], b: ["db"], a: ["db"], db: [] }, want: [["db"], ["a", "b"], ["web"]] },
    { name: "optional edge still orders", spec: { api: ["db", "?cache"], cache: ["db"], db: [] }, want: [["db"], ["cache"], ["api"]] },
    { name: "independent services share wave 0, sorted", spec: { z: [], a: [], m: [] }, want: [["a", "m", "z"]] },
    { name: "wave is the longest path", spec: { x: ["a", "c"], a: [], b: ["a"], c: ["b"] }, want: [["a"], ["b"], ["c"], ["x"]] },
  ])("$name", ({ spec, want }) => {
    const nodes = graph(spec);
    expect(waves(nodes)).toEqual(want);
    expect(topologicalOrder(nodes)).toEqual(want.flat());
  });

  it("throws a CycleError naming the services it cannot order", () => {
    expect(() => waves(graph({ a: ["b"], b: ["a"], c: ["a"], d: [] }))).toThrow(new CycleError(["a", "b", "c"]));
  });

  it("returns copies, so callers cannot corrupt the cached index", () => {
    const nodes = graph({ api: ["db"], db: [] });
    waves(nodes)[0]!.push("oops");
    expect(waves(nodes)).toEqual([["db"], ["api"]]);
  });
});

describe("transitiveRequired", () => {
  it("follows required edges only, through several levels", () => {
    const closure = transitiveRequired(graph({ web: ["api", "?search"], api: ["db", "?cache"], db: ["disk"], disk: [], cache: [], search: ["db"] }));
    const sorted = (id: string) => [...closure.get(id)!].sort();
    expect(sorted("web")).toEqual(["api", "db", "disk"]);
    expect(sorted("api")).toEqual(["db", "disk"]);
    expect(sorted("search")).toEqual(["db", "disk"]);
    expect(sorted("disk")).toEqual([]);
  });
});

describe("unvalidated input", () => {
  it("counts an edge listed as both optional and required once, as required, and skips unknown ids", () => {
    const nodes = graph({ api: ["db", "?db", "ghost", "api"], db: [] });
    expect(waves(nodes)).toEqual([["db"], ["api"]]);
    expect([...transitiveRequired(nodes).get("api")!]).toEqual(["db"]);
    expect(dependents(nodes).get("db")).toEqual([{ id: "api", optional: false }]);
  });
});

describe("dependents", () => {
  const nodes = graph({ web: ["api"], admin: ["?api"], api: ["db"], worker: ["db"], db: [] });

  it("gives direct reverse edges with their kind", () => {
    const d = dependents(nodes);
    expect(d.get("db")).toEqual([{ id: "api", optional: false }, { id: "worker", optional: false }]);
    expect(d.get("api")).toEqual([{ id: "admin", optional: true }, { id: "web", optional: false }]);
    expect(d.get("web")).toEqual([]);
  });

  it.each([
    { id: "db", opts: {}, want: ["api", "worker", "admin", "web"] },
    { id: "db", opts: { requiredOnly: true }, want: ["api", "worker", "web"] },
    { id: "web", opts: {}, want: [] },
    { id: "unknown", opts: {}, want: [] },
  ])("transitiveDependents($id, $opts) in start-up order", ({ id, opts, want }) => {
    expect(transitiveDependents(nodes, id, opts)).toEqual(want);
  });
});
